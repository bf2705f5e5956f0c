import type { Core } from '../core/core';
import { dissectFrames, STOP } from '../passes/dissect-frames';
import type { TlsDecryption } from '../tls/decryption';
import type { IngestResult } from '../core/ingest';
import { isPcapng } from '../core/source';
import { buildTree, type TreeNode } from '../present/tree';
import { FrameClock, frameDetail } from '../present/frame-detail';
import { loadVendorNames } from '../vendors/load';
import type { DissectionSettings } from '../dissectors/decode-as';

/**
 * `loupe show`: frames' protocol trees as `tshark -V` prints them: every line of the tree the app shows,
 * nested by four spaces, a blank line after each frame. `wanted` picks the frames (tshark's -Y
 * frame.number==N); the pass stops after the last one. Returns how many frames were printed.
 */
export async function printFrames(
  core: Core,
  blob: Blob,
  wanted: (frame: number) => boolean,
  last: number,
  write: (s: string) => void,
  tls?: TlsDecryption,
  settings?: DissectionSettings,
): Promise<{ printed: number; result?: IngestResult }> {
  await loadVendorNames();
  const clock = new FrameClock(await isPcapng(blob));
  let printed = 0;
  const result = await dissectFrames(
    core,
    blob,
    (frame) => {
      if (wanted(frame.number)) {
        const d = frameDetail(frame, 0, { bits: 0, comments: [...frame.comments] }, clock);
        write(treeText(buildTree(d.records, d.bytes, d.appItems, d.context, d.comments)) + '\n');
        printed++;
      }
      clock.observe(frame);
      if (frame.number >= last) return STOP;
    },
    { tls, settings },
  );
  return { printed, result };
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
