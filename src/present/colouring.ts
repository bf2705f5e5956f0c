import { compileFilter, FilterError, type CompiledFilter, type FrameFieldSource } from '../filter';

/** A colouring rule: rows matching its display filter get its colours; the first matching rule wins. */
export interface ColourRule {
  name: string;
  filter: string;
  /** '#rrggbb'. */
  background: string;
  foreground: string;
  enabled: boolean;
}

const rule = (name: string, filter: string, background: string, foreground: string): ColourRule => ({
  name,
  filter,
  background,
  foreground,
  enabled: true,
});

/**
 * Wireshark 4.0's default colouring rules, in its order and colours, keeping the rules (and clauses) whose
 * fields Loupe dissects: HSRP, STP, OSPF, SCTP, DCERPC, routing protocols and the like are left out, and
 * Broadcast matches ff:ff:ff:ff:ff:ff (Wireshark's `eth[0] & 1`, multicast too, needs slice arithmetic).
 */
export const DEFAULT_RULES: readonly ColourRule[] = [
  rule(
    'Bad TCP',
    'tcp.analysis.flags && !tcp.analysis.window_update && !tcp.analysis.keep_alive && !tcp.analysis.keep_alive_ack',
    '#122819',
    '#f78787',
  ),
  rule('ICMP errors', 'icmp.type in { 3..5, 11 } || icmpv6.type in { 1..4 }', '#122819', '#b7f774'),
  rule('ARP', 'arp', '#faf0d7', '#122819'),
  rule('ICMP', 'icmp || icmpv6', '#fce0ff', '#122819'),
  rule('TCP RST', 'tcp.flags.reset eq 1', '#a40000', '#fffc9c'),
  rule(
    'TTL low or unexpected',
    '(ip.dst != 224.0.0.0/4 && ip.ttl < 5) || (ip.dst == 224.0.0.0/24 && ip.dst != 224.0.0.251 && ip.ttl != 1)',
    '#a40000',
    '#ecf0eb',
  ),
  rule(
    'Checksum Errors',
    'ip.checksum.status == "Bad" || tcp.checksum.status == "Bad" || udp.checksum.status == "Bad" || icmp.checksum.status == "Bad" || icmpv6.checksum.status == "Bad"',
    '#122819',
    '#f78787',
  ),
  rule('SMB', 'smb2 || nbss', '#feffd0', '#122819'),
  rule('HTTP', 'http || tcp.port == 80', '#e4ffc7', '#122819'),
  rule('TCP SYN/FIN', 'tcp.flags & 0x02 || tcp.flags.fin == 1', '#a0a0a0', '#122819'),
  rule('TCP', 'tcp', '#e7e5ff', '#122819'),
  rule('UDP', 'udp', '#daeeff', '#122819'),
  rule('Broadcast', 'eth.dst == ff:ff:ff:ff:ff:ff', '#ffffff', '#babdb6'),
];

/** A rule ready to run: its compiled filter, or why its filter is refused (the rule then never matches). */
export interface CompiledRule {
  filter?: CompiledFilter;
  error?: string;
}

export function compileRules(rules: readonly ColourRule[]): CompiledRule[] {
  return rules.map((r) => {
    if (!r.enabled) return {};
    try {
      return { filter: compileFilter(r.filter) };
    } catch (e) {
      if (e instanceof FilterError) return { error: e.message };
      throw e;
    }
  });
}

/** Index of the first enabled rule whose filter matches the frame, or -1. */
export function firstMatch(rules: readonly CompiledRule[], frame: FrameFieldSource): number {
  for (let i = 0; i < rules.length; i++) if (rules[i].filter?.matches(frame)) return i;
  return -1;
}

/** Rules as stored in preferences: anything malformed is dropped, an absent list means the defaults. */
export function parseRules(saved: unknown): ColourRule[] {
  if (!Array.isArray(saved)) return DEFAULT_RULES.map((r) => ({ ...r }));
  const colour = (s: unknown) => typeof s === 'string' && /^#[0-9a-f]{6}$/i.test(s);
  return saved
    .filter(
      (r) =>
        r && typeof r.name === 'string' && typeof r.filter === 'string' && colour(r.background) && colour(r.foreground),
    )
    .map((r) => ({
      name: r.name,
      filter: r.filter,
      background: r.background,
      foreground: r.foreground,
      enabled: r.enabled !== false,
    }));
}

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

const toHex = (c: number[]) => '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

/** Relative luminance (WCAG), 0 black to 1 white. */
export function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function mix(a: string, b: string, weightOfA: number): string {
  const [x, y] = [rgb(a), rgb(b)];
  return toHex(x.map((v, i) => v * weightOfA + y[i] * (1 - weightOfA)));
}

const DARK_BG = '#1c1d20';
const DARK_FG = '#d9dbe0';

/**
 * A rule's colours in the dark theme: Wireshark's pale backgrounds become tints of the dark background with
 * light text; dark backgrounds (Bad TCP, TCP RST) keep their colours, which already read on dark.
 */
export function darkColours(r: Pick<ColourRule, 'background' | 'foreground'>): {
  background: string;
  foreground: string;
} {
  if (luminance(r.background) < 0.2) return { background: r.background, foreground: r.foreground };
  return {
    background: mix(r.background, DARK_BG, 0.22),
    foreground: luminance(r.foreground) < 0.4 ? DARK_FG : r.foreground,
  };
}

/** Inline style for a row coloured by a rule, for both themes (CSS light-dark()). */
export function ruleStyle(r: ColourRule): string {
  const dark = darkColours(r);
  return `background: light-dark(${r.background}, ${dark.background}); color: light-dark(${r.foreground}, ${dark.foreground})`;
}
