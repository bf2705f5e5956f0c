import { Malformed } from '../bytes';
import type { TreeBuilder } from '../tree';
import { text, type Der } from '../ber/ber';

/** RFC 4511 §4.5.1 Filter choices, as tshark names them. */
export const FILTER_CHOICES = [
  'and',
  'or',
  'not',
  'equalityMatch',
  'substrings',
  'greaterOrEqual',
  'lessOrEqual',
  'present',
  'approxMatch',
  'extensibleMatch',
];
const COMPARISONS: Record<number, string> = { 3: '=', 5: '>=', 6: '<=', 8: '~=' };
const SUBSTRING_CHOICES = ['initial', 'any', 'final'];

/**
 * A search filter's tree and its text. The text is built as tshark builds it: a set of filters is folded
 * pairwise, so "(&a b c)" reads "(&(&ab)c)".
 */
export function filter(e: Der, tree: TreeBuilder, choiceField: string): string {
  if (e.tagClass !== 3 || e.tag >= FILTER_CHOICES.length) throw new Malformed(`unknown LDAP filter [${e.tag}]`);
  const text = filterText(e);
  tree.openText(`Filter: ${text}`, e.start, e.length);
  tree.open(choiceField, e.start, e.length, `${label(choiceField)}: ${FILTER_CHOICES[e.tag]} (${e.tag})`, e.tag);
  const tag = e.tag;
  if (tag === 0 || tag === 1) {
    const name = FILTER_CHOICES[tag];
    tree.openText(`${name}: ${text}`, e.start, e.length);
    const n = e.children.length;
    tree.open(`ldap.${name}`, e.start, e.length, `${name}: ${n} item${n === 1 ? '' : 's'}`, n);
    for (const item of e.children) filter(item, tree, `ldap.${name}_item`);
    tree.close();
    tree.close();
  } else if (tag === 2) {
    const inner = e.children[0];
    if (!inner) throw new Malformed('empty not filter');
    filter(inner, tree, 'ldap.not');
  } else if (COMPARISONS[tag]) {
    tree.open(`ldap.${FILTER_CHOICES[tag]}_element`, e.start, e.length);
    ava(e, tree);
    tree.close();
  } else if (tag === 4) {
    const [type, list] = e.children;
    tree.openText(`substring: ${text}`, e.start, e.length);
    tree.open('ldap.substrings_element', e.start, e.length, `substrings ${valueOf(type)}`);
    tree.add('ldap.type', type.start, type.length, valueOf(type));
    const n = list?.children.length ?? 0;
    tree.open('ldap.substrings', list.start, list.length, `substrings: ${n} item${n === 1 ? '' : 's'}`, n);
    for (const part of list.children) {
      const name = SUBSTRING_CHOICES[part.tag] ?? 'any';
      tree.open('ldap.substrings_item', part.start, part.length, `substrings item: ${name} (${part.tag})`, part.tag);
      tree.add(`ldap.${name}`, part.start, part.length, valueOf(part));
      tree.close();
    }
    tree.close();
    tree.close();
    tree.close();
  } else if (tag === 7) {
    tree.add('ldap.present', e.start, e.length, valueOf(e));
  } else if (tag === 9) {
    tree.open('ldap.extensibleMatch_element', e.start, e.length);
    for (const part of e.children) {
      const field = ['', 'ldap.matchingRule', 'ldap.type', 'ldap.matchValue', 'ldap.dnAttributes'][part.tag];
      if (!field) continue;
      tree.add(field, part.start, part.length, part.tag === 4 ? (part.content[0] ? 1 : 0) : valueOf(part));
    }
    tree.close();
  }
  tree.close();
  tree.close();
  return text;
}

function label(field: string): string {
  return { 'ldap.filter': 'filter', 'ldap.and_item': 'and item', 'ldap.or_item': 'or item', 'ldap.not': 'not' }[field]!;
}

/** An AttributeValueAssertion (RFC 4511 §4.1.8). */
export function ava(e: Der, tree: TreeBuilder): void {
  const [desc, value] = e.children;
  if (!desc || !value) throw new Malformed('short attribute value assertion');
  tree.add('ldap.attributeDesc', desc.start, desc.length, valueOf(desc));
  tree.add('ldap.assertionValue', value.start, value.length, valueOf(value));
}

const valueOf = (e: Der | undefined) => (e ? text(e) : '');

/** A filter as RFC 4515 writes it, sets folded pairwise as tshark does. */
export function filterText(e: Der): string {
  const tag = e.tag;
  if (tag === 0 || tag === 1) {
    const op = tag === 0 ? '&' : '|';
    const parts = e.children.map(filterText);
    if (parts.length === 0) return `(${op})`;
    return parts.length === 1 ? `(${op}${parts[0]})` : parts.slice(1).reduce((acc, p) => `(${op}${acc}${p})`, parts[0]);
  }
  if (tag === 2) return `(!${e.children[0] ? filterText(e.children[0]) : ''})`;
  if (COMPARISONS[tag]) return `(${valueOf(e.children[0])}${COMPARISONS[tag]}${valueOf(e.children[1])})`;
  if (tag === 7) return `(${valueOf(e)}=*)`;
  if (tag === 4) {
    const [type, list] = e.children;
    let initial = '';
    let final = '';
    const any: string[] = [];
    for (const part of list?.children ?? []) {
      if (part.tag === 0) initial = valueOf(part);
      else if (part.tag === 2) final = valueOf(part);
      else any.push(valueOf(part));
    }
    return `(${valueOf(type)}=${initial}*${any.map((a) => `${a}*`).join('')}${final})`;
  }
  if (tag === 9) {
    const part = (n: number) => e.children.find((c) => c.tag === n);
    const dn = part(4) && part(4)!.content[0] ? ':dn' : '';
    const rule = part(1) ? `:${valueOf(part(1))}` : '';
    return `(${valueOf(part(2))}${dn}${rule}:=${valueOf(part(3))})`;
  }
  return '';
}
