import {
  formatDecodeAs,
  type DecodeAsLayer,
  type DecodeAsRule,
  type DissectionSettings,
} from '../../dissectors/decode-as';
import type { DecodeAsTarget } from '../../api/capture-api';

/** One "Decode …" choice for the selected packet: one of its ports, or its whole conversation. */
export interface SelectorChoice {
  label: string;
  layer: DecodeAsLayer;
  value: number;
}

/**
 * What the selected packet can be decoded by: its destination port first (usually the server's), then its source
 * port, then its conversation alone.
 */
export function selectorChoices(target: DecodeAsTarget): SelectorChoice[] {
  const name = target.transport.toUpperCase();
  const [src, dst] = target.ports;
  const ports = src === dst ? [dst] : [dst, src];
  return [
    ...ports.map((port) => ({
      label: `${name} port ${port}`,
      layer: `${target.transport}.port` as const,
      value: port,
    })),
    {
      label: `This ${name} stream (${target.stream})`,
      layer: `${target.transport}.stream` as const,
      value: target.stream,
    },
  ];
}

/** Adds a rule, replacing any rule for exactly the same selector. */
export function withRule(settings: DissectionSettings, choice: SelectorChoice, protocol: string): DissectionSettings {
  const rule: DecodeAsRule = { layer: choice.layer, first: choice.value, last: choice.value, protocol };
  const others = settings.decodeAs.filter(
    (r) => !(r.layer === rule.layer && r.first === rule.first && r.last === rule.last),
  );
  return { ...settings, decodeAs: [...others, rule] };
}

export function withoutRule(settings: DissectionSettings, index: number): DissectionSettings {
  return { ...settings, decodeAs: settings.decodeAs.filter((_, i) => i !== index) };
}

/** The dissector a rule list gives a selector, if any (the last matching rule wins). */
export function ruledProtocol(settings: DissectionSettings, choice: SelectorChoice): string | undefined {
  const matching = settings.decodeAs.filter(
    (r) => r.layer === choice.layer && choice.value >= r.first && choice.value <= r.last,
  );
  return matching[matching.length - 1]?.protocol;
}

export function withProtocolEnabled(
  settings: DissectionSettings,
  protocol: string,
  enabled: boolean,
): DissectionSettings {
  const rest = settings.disabledProtocols.filter((p) => p !== protocol);
  return { ...settings, disabledProtocols: enabled ? rest : [...rest, protocol] };
}

/** A heuristic on or off: recorded only where it differs from its default, as tshark's switches are. */
export function withHeuristic(
  settings: DissectionSettings,
  name: string,
  enabledByDefault: boolean,
  enabled: boolean,
): DissectionSettings {
  const enabledHeuristics = settings.enabledHeuristics.filter((h) => h !== name);
  const disabledHeuristics = settings.disabledHeuristics.filter((h) => h !== name);
  if (enabled && !enabledByDefault) enabledHeuristics.push(name);
  if (!enabled && enabledByDefault) disabledHeuristics.push(name);
  return { ...settings, enabledHeuristics, disabledHeuristics };
}

export function heuristicEnabled(settings: DissectionSettings, name: string, enabledByDefault: boolean): boolean {
  return enabledByDefault ? !settings.disabledHeuristics.includes(name) : settings.enabledHeuristics.includes(name);
}

/** The settings as tshark options, e.g. for the status line: "-d tcp.port==8001,http --disable-heuristic http_tcp". */
export function asTsharkOptions(settings: DissectionSettings): string {
  return [
    ...settings.decodeAs.map((r) => `-d ${formatDecodeAs(r)}`),
    ...settings.disabledProtocols.map((p) => `--disable-protocol ${p}`),
    ...settings.enabledHeuristics.map((h) => `--enable-heuristic ${h}`),
    ...settings.disabledHeuristics.map((h) => `--disable-heuristic ${h}`),
  ].join(' ');
}
