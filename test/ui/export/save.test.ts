import { describe, expect, it } from 'vitest';
import { exportFileName } from '../../../src/ui/export/save';

describe('export file name', () => {
  it('is the capture name without its capture and gzip extensions, then -export.pcapng', () => {
    expect(exportFileName('demo.pcapng')).toBe('demo-export.pcapng');
    expect(exportFileName('trace.pcap.gz')).toBe('trace-export.pcapng');
    expect(exportFileName('http_google.netmon2.cap')).toBe('http_google.netmon2-export.pcapng');
    expect(exportFileName('notes.v2')).toBe('notes.v2-export.pcapng');
    expect(exportFileName('.pcap')).toBe('capture-export.pcapng');
  });
});
