import type { FieldType } from '../fields/types';

/** One line of the protocol tree, as the UI draws it and `loupe show` prints it. */
export interface TreeNode {
  /** Field names from the root, joined by '/': stable across packets, so expansion can be remembered. */
  path: string;
  /** The field's filter name and label ("ip.src", "Source Address"). */
  name: string;
  label: string;
  text: string;
  /** The value as tshark -T fields prints it (strings unescaped); undefined for protocols and text-only lines. */
  value?: string;
  /** The field's registry type (application fields are registered in the worker only). */
  type?: FieldType;
  /** Byte range within the bytes of tab `tab`: 0 the frame, k the frame detail's extraBytes[k - 1]. */
  start: number;
  length: number;
  tab: number;
  /** A core record's value words (v0..v3). */
  raw?: number[];
  children: TreeNode[];
}
