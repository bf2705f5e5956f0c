import { ExpertSeverity } from '../abi/core-constants';
import type { ExpertRow } from './expert-stats';
import { nodeCells, sortedChildren, TREE_COLUMNS, type StatNode, type StatsTree } from './stats-tree';

/** One node of a statistics tree as the app shows it: its cells exactly as `loupe stats` prints them. */
export interface StatsTreeRow {
  name: string;
  /** Count, Average, Min Val, Max Val, Rate (ms), Percent, Burst Rate, Burst Start ('' when blank). */
  cells: string[];
  /** The display filter selecting the frames it counts, when there is one. */
  filter?: string;
  /** In `loupe stats`'s order. */
  children: StatsTreeRow[];
}

export interface StatsTreeTable {
  title: string;
  /** The cells' names, after "Topic / Item". */
  columns: string[];
  roots: StatsTreeRow[];
}

/** A stats tree as plain data (it crosses the worker boundary), nodes in tshark's print order. */
export function treeTable(tree: StatsTree): StatsTreeTable {
  const row = (node: StatNode, parent: StatNode | undefined): StatsTreeRow => ({
    name: node.name,
    cells: nodeCells(node, parent, tree.elapsedMs),
    ...(node.filter ? { filter: node.filter } : {}),
    children: sortedChildren(node).map((child) => row(child, node)),
  });
  return { title: tree.title, columns: [...TREE_COLUMNS], roots: tree.roots.map((root) => row(root, undefined)) };
}

/** One row of the expert table: an item, how often, its first frame and (a bounded number of) its frames. */
export interface ExpertTableRow {
  severity: 'Error' | 'Warning' | 'Note' | 'Chat';
  group: string;
  protocol: string;
  summary: string;
  frequency: number;
  firstFrame: number;
  /** The first EXPERT_FRAMES_SHOWN frames it occurred in. */
  frames: number[];
}

export const EXPERT_FRAMES_SHOWN = 1000;

const SEVERITY_NAMES: Record<number, ExpertTableRow['severity']> = {
  [ExpertSeverity.Error]: 'Error',
  [ExpertSeverity.Warn]: 'Warning',
  [ExpertSeverity.Note]: 'Note',
  [ExpertSeverity.Chat]: 'Chat',
};
const SEVERITY_ORDER = [ExpertSeverity.Error, ExpertSeverity.Warn, ExpertSeverity.Note, ExpertSeverity.Chat];

/** `-z expert`'s rows as plain data, in its order: most severe first, then by first occurrence. */
export function expertTable(rows: readonly ExpertRow[]): ExpertTableRow[] {
  return SEVERITY_ORDER.flatMap((severity) =>
    rows
      .filter((r) => r.severity === severity)
      .map((r) => ({
        severity: SEVERITY_NAMES[severity],
        group: r.group,
        protocol: r.protocol,
        summary: r.summary,
        frequency: r.frequency,
        firstFrame: r.frames[0],
        frames: r.frames.slice(0, EXPERT_FRAMES_SHOWN),
      })),
  );
}
