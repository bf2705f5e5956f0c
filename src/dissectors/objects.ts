import type { ExportedObject } from './api';

/** Longest file name tshark writes (characters); longer names keep their extension and lose the end of the rest. */
const MAX_NAME = 255;

/** Characters a file name cannot hold on common systems, written as %xx (as tshark does); so are controls. */
const UNSAFE = new Set(['\\', '/', ':', '*', '?', '"', '<', '>', '|']);

/**
 * The file name Export Objects gives an object, as tshark --export-objects does: the
 * last path segment of its name (trailing slashes dropped, "/" itself kept), unsafe characters escaped, cut to
 * 255 bytes, and "(n)" put before the extension while `taken` says the name is in use.
 */
export function objectFileName(object: ExportedObject, taken: (name: string) => boolean): string {
  let name = escapeUnsafe(lastSegment(object.name));
  if (!name) name = `object${object.frame}`;
  name = shorten(name, MAX_NAME);
  if (!taken(name) && name !== '.' && name !== '..') return name;
  const dot = name.lastIndexOf('.');
  const [base, ext] = dot < 0 ? [name, ''] : [name.slice(0, dot), name.slice(dot)];
  for (let n = 1; ; n++) {
    const candidate = `${base}(${n})${ext}`;
    if (!taken(candidate)) return candidate;
  }
}

/** File names for a list of objects in order, each unique among them. */
export function objectFileNames(
  objects: readonly ExportedObject[],
  exists: (name: string) => boolean = () => false,
): string[] {
  const used = new Set<string>();
  return objects.map((object) => {
    const name = objectFileName(object, (n) => used.has(n) || exists(n));
    used.add(name);
    return name;
  });
}

function lastSegment(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (!trimmed) return path ? '/' : '';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function escapeUnsafe(name: string): string {
  let out = '';
  for (const c of name) {
    const code = c.charCodeAt(0);
    out += UNSAFE.has(c) || code < 0x20 || code === 0x7f ? `%${code.toString(16).padStart(2, '0')}` : c;
  }
  return out;
}

function shorten(name: string, max: number): string {
  if (name.length <= max) return name;
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length - dot >= max) return name.slice(0, max);
  const ext = name.slice(dot);
  return name.slice(0, max - ext.length) + ext;
}
