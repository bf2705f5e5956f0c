/**
 * Drops expert items from a tshark `-T fields` table whose columns are frame.number, _ws.expert,
 * _ws.expert.message, _ws.expert.severity, _ws.expert.group (an item is the same position in each list).
 * `drop` says, from an item's message, whether to leave it out.
 */
export function withoutExpertItems(tsv: string, drop: string[] | ((message: string) => boolean)): string {
  const dropped = typeof drop === 'function' ? drop : (m: string) => drop.includes(m);
  return tsv
    .split('\n')
    .map((line) => {
      const [frame, ...lists] = line.split('\t');
      if (lists.length !== 4 || lists[1] === '') return line;
      const items = lists.map((l) => l.split(','));
      const keep = items[1].map((m) => !dropped(m));
      return [frame, ...items.map((list) => list.filter((_, i) => keep[i]).join(','))].join('\t');
    })
    .join('\n');
}
