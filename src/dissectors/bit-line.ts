/** "0000 000. " style: each bit of `mask` shown as `value`'s bit, the others as '.', in groups of four. */
export function bitLine(value: number, mask: number, width: number): string {
  let out = '';
  for (let bit = width - 1; bit >= 0; bit--) {
    out += (mask >>> bit) & 1 ? String((value >>> bit) & 1) : '.';
    if (bit % 4 === 0 && bit > 0) out += ' ';
  }
  return out;
}
