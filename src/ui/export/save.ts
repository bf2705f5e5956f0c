/** The file name an export is offered under: the capture's name without its extensions, then "-export.pcapng". */
export function exportFileName(captureName: string): string {
  const base = captureName.replace(/(\.(pcapng|pcap|cap|ntar|gz))+$/i, '') || 'capture';
  return `${base}-export.pcapng`;
}

/** Offers a Blob as a download (the browser saves it to its folder or asks where). */
export function download(file: Blob, filename: string): void {
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken the Blob once click() returns; a moment later the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface SaveFilePicker {
  showSaveFilePicker(options: {
    suggestedName: string;
    types: { description: string; accept: Record<string, string[]> }[];
  }): Promise<{ createWritable(): Promise<{ write(data: Blob): Promise<void>; close(): Promise<void> }> }>;
}

/** Whether the browser can save to a file the user picks (File System Access API: Chromium's). */
export function canPickFile(): boolean {
  return typeof (window as unknown as Partial<SaveFilePicker>).showSaveFilePicker === 'function';
}

/**
 * Asks where to save (it must be asked while the click's user activation lasts, before any slow work), and
 * gives a function that writes the file there; undefined when the user cancelled.
 */
export async function pickFile(filename: string): Promise<((file: Blob) => Promise<void>) | undefined> {
  let handle;
  try {
    handle = await (window as unknown as SaveFilePicker).showSaveFilePicker({
      suggestedName: filename,
      types: [{ description: 'pcapng capture', accept: { 'application/octet-stream': ['.pcapng'] } }],
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return undefined;
    throw e;
  }
  return async (file) => {
    const writable = await handle.createWritable();
    await writable.write(file);
    await writable.close();
  };
}
