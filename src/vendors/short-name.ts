/**
 * A vendor's short name (at most 8 characters, as Wireshark labels MAC addresses: "Cisco", "IntelCor",
 * "HonHaiPr") from the IEEE organisation name. Rules written from observing Wireshark's manuf table.
 */
export const SHORT_NAME_LENGTH = 8;

/**
 * Legal forms and filler that say nothing about who the vendor is, compared in lower case without brackets or a
 * final dot. Dotted forms are listed as written: "A.S." is a legal form where "AS" may be part of the name.
 */
const GENERAL_WORDS = new Set([
  'the',
  'of',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'plc',
  'pty',
  'gmbh',
  'ag',
  'kg',
  'sa',
  's.a',
  'srl',
  'spa',
  's.p.a',
  'bv',
  'b.v',
  'nv',
  'n.v',
  'a/s',
  'a.s',
  'ab',
  'oy',
  'oyj',
  'kk',
  'k.k',
  'ooo',
  'zao',
  'jsc',
  'pvt',
  'holding',
  'systems',
  // Polish "sp. z o.o."
  'z',
  'o.o',
  'oo',
]);
const isGeneral = (word: string) => GENERAL_WORDS.has(word.replace(/[()]|\.$/g, '').toLowerCase());

/** Python-style title case: a letter is upper case after a non-letter, lower case after a letter. */
const titleCase = (text: string) =>
  text
    .toLowerCase()
    .replace(/(^|[^\p{L}])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());

/** A word's parts between dots and slashes, with dotted initials ("S.D.E.L.") joined back into one. */
function parts(word: string): string[] {
  const out: string[] = [];
  let initials = false;
  for (const part of word.split(/[./]+/)) {
    if (!part) continue;
    const initial = part.length === 1 && /\p{L}/u.test(part);
    if (initial && initials) out[out.length - 1] += part;
    else out.push(part);
    initials = initial;
  }
  return out;
}

/** "iMCA-GmbH" → "iMCA", "E-SYSTEMS" → "E": a legal form joined by a hyphen goes like a separate one. */
function withoutGeneralEnding(part: string): string {
  const pieces = part.split('-');
  while (pieces.length > 1 && isGeneral(pieces[pieces.length - 1])) pieces.pop();
  return pieces.join('-');
}

/**
 * The organisation's name as Wireshark shows it (eth.src.oui_resolved): a name in capitals only is put in title
 * case ("HUAWEI TECHNOLOGIES CO.,LTD" → "Huawei Technologies Co.,Ltd"); mixed case is kept.
 */
export function organisationName(registered: string): string {
  const trimmed = registered.trim();
  return /\p{Ll}/u.test(trimmed) ? trimmed : titleCase(trimmed);
}

export function shortVendorName(organisation: string): string {
  return organisationName(organisation)
    .split(/[\s,]+/)
    .filter((word) => word && !isGeneral(word))
    .flatMap(parts)
    .map(withoutGeneralEnding)
    .filter((part) => !isGeneral(part))
    .map((part) => part.replace(/[^\p{L}\p{N}&@*+-]/gu, ''))
    .filter((part) => part && part !== '&')
    .join('')
    .slice(0, SHORT_NAME_LENGTH);
}
