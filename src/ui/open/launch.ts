/** File Handling API: files the installed PWA was launched with (double-click on a .pcap). */
interface LaunchParams {
  files: readonly FileSystemFileHandle[];
}

declare global {
  interface Window {
    launchQueue?: { setConsumer(consumer: (params: LaunchParams) => void): void };
  }
}

export function onLaunchFile(open: (file: File) => void): void {
  window.launchQueue?.setConsumer(async ({ files }) => {
    if (files[0]) open(await files[0].getFile());
  });
}

/** `?demo` in the address opens the bundled demo capture. */
export function wantsDemo(): boolean {
  return new URLSearchParams(location.search).has('demo');
}
