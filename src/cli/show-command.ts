import type { Core } from '../core/core';
import { dissectFrames, STOP, type DissectedFrame } from '../core/dissect-frames';
import type { IngestResult } from '../core/ingest';
import { buildTree, type TreeNode } from '../ui/protocol-tree/tree';
import { frameDetail } from '../worker/frame-detail';

/**
 * `loupe show`: one frame's protocol tree as `tshark -V -Y frame.number==N` prints it: every line of the tree
 * the app shows, nested by four spaces, a blank line after it. Returns whether the frame exists.
 */
export async function printFrame(core: Core, blob: Blob, number: number, write: (s: string) => void): Promise<{ found: boolean; result?: IngestResult }> {
  let found: DissectedFrame | undefined;
  const detail = { value: undefined as ReturnType<typeof frameDetail> | undefined };
  const result = await dissectFrames(core, blob, (frame) => {
    if (frame.number !== number) return;
    found = frame;
    detail.value = frameDetail(frame, 0);
    return STOP;
  });
  if (!found || !detail.value) return { found: false, result };
  const d = detail.value;
  write(treeText(buildTree(d.records, d.bytes, d.appItems)) + '\n');
  return { found: true, result };
}

/** The tree as text: one node a line, children indented four spaces under their parent. */
export function treeText(roots: readonly TreeNode[]): string {
  let out = '';
  const walk = (nodes: readonly TreeNode[], indent: string) => {
    for (const node of nodes) {
      out += `${indent}${node.text}\n`;
      walk(node.children, indent + '    ');
    }
  };
  walk(roots, '');
  return out;
}
