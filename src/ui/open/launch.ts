/** File Handling API: files the installed PWA was launched with (double-click on a .pcap). */
interface LaunchParams {
  files: readonly FileSystemFileHandle[];
}

declare global {
  interface Window {
    launchQueue?: { setConsumer(consumer: (params: LaunchParams) => void): void };
  }
}

/** Files the app was launched with (several selected and opened together: several), in the order given. */
export function onLaunchFiles(open: (files: File[]) => void): void {
  window.launchQueue?.setConsumer(async ({ files }) => {
    if (files.length) open(await Promise.all(files.map((f) => f.getFile())));
  });
}

/** `?demo` in the address opens the bundled demo capture. */
export function wantsDemo(): boolean {
  return new URLSearchParams(location.search).has('demo');
}
