import { eachFrame } from './conversations';
import type { FrameFacts } from './frame-facts';

/** One protocol of the hierarchy: the frames whose layers start with its path, and their bytes. */
export interface HierarchyNode {
  protocol: string;
  frames: number;
  bytes: number;
  children: HierarchyNode[];
}

/**
 * Wireshark's Protocol Hierarchy: every frame's layers as a path from the link layer down, counted at each
 * node along it. Children keep the order they were first seen in.
 */
export function protocolHierarchy(facts: FrameFacts, frames?: Uint32Array): HierarchyNode[] {
  // Frames with the same path are counted together first: captures have few distinct paths.
  const perStack = new Map<number, { frames: number; bytes: number }>();
  eachFrame(facts, frames, (i) => {
    const id = facts.stackId(i);
    const tally = perStack.get(id) ?? { frames: 0, bytes: 0 };
    tally.frames++;
    tally.bytes += facts.length(i);
    perStack.set(id, tally);
  });
  // Order of first appearance of each path: Map keeps insertion order, and frames came in capture order.
  const roots: HierarchyNode[] = [];
  for (const [id, tally] of perStack) {
    let level = roots;
    for (const protocol of facts.stackTexts[id].split(':').filter(Boolean)) {
      let node = level.find((n) => n.protocol === protocol);
      if (!node) level.push((node = { protocol, frames: 0, bytes: 0, children: [] }));
      node.frames += tally.frames;
      node.bytes += tally.bytes;
      level = node.children;
    }
  }
  return roots;
}
