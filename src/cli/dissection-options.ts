import { dissectorNamed } from '../dissectors/api';
import { DecodeAsError, heuristicNames, parseDecodeAs, type DissectionSettings } from '../dissectors/decode-as';

/**
 * tshark's dissection options at args[i] (-d, --disable-protocol, --enable-protocol, --enable-heuristic,
 * --disable-heuristic), added to `settings`. Returns how many arguments it took (0: not one of these), or the
 * reason it refuses them.
 */
export function dissectionOption(args: string[], i: number, settings: DissectionSettings): number | string {
  const option = args[i];
  const known = ['-d', '--disable-protocol', '--enable-protocol', '--enable-heuristic', '--disable-heuristic'];
  if (!known.includes(option)) return 0;
  const value = args[i + 1];
  if (value === undefined) return `${option} needs an argument`;
  switch (option) {
    case '-d':
      try {
        settings.decodeAs.push(parseDecodeAs(value));
      } catch (e) {
        if (e instanceof DecodeAsError) return `-d ${value}: ${e.message}`;
        throw e;
      }
      break;
    case '--disable-protocol':
    case '--enable-protocol': {
      if (!dissectorNamed(value)) return `no such protocol ${value} (loupe switches application protocols only)`;
      const rest = settings.disabledProtocols.filter((p) => p !== value);
      settings.disabledProtocols = option === '--disable-protocol' ? [...rest, value] : rest;
      break;
    }
    default: {
      if (!heuristicNames().includes(value))
        return `no such heuristic dissector ${value}; known: ${heuristicNames().join(', ')}`;
      const enable = option === '--enable-heuristic';
      settings.enabledHeuristics = [
        ...settings.enabledHeuristics.filter((h) => h !== value),
        ...(enable ? [value] : []),
      ];
      settings.disabledHeuristics = [
        ...settings.disabledHeuristics.filter((h) => h !== value),
        ...(enable ? [] : [value]),
      ];
    }
  }
  return 2;
}
