import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportObjects } from '../../src/cli/export-objects-command';
import { openCapture } from '../../src/core/source';
import { newCore } from '../support/run';
import { CORPUS, hasCorpus } from '../support/corpus';

const FIXTURES = join(__dirname, '../fixtures');

/** Exports a capture's objects into a fresh directory (or `into`); returns "name size" per file, sorted. */
async function exported(capture: string, protocol: string, into?: string): Promise<{ dir: string; files: string[] }> {
  const dir = into ?? mkdtempSync(join(tmpdir(), 'loupe-objects-'));
  const source = await openCapture(new Blob([readFileSync(capture)]));
  await exportObjects(await newCore(), source.blob, protocol, dir);
  const files = readdirSync(dir)
    .sort()
    .map((name) => `${name} ${statSync(join(dir, name)).size}`);
  return { dir, files };
}

const L = 'L'.repeat(251);

describe('loupe export-objects', () => {
  // Every expected list is what tshark 4.0 --export-objects wrote for the same capture.
  it("writes decoded HTTP bodies under tshark's names", async () => {
    const { dir, files } = await exported(join(FIXTURES, 'http-objects.pcap'), 'http');
    expect(files).toEqual([
      '%2f 11',
      `${L}.txt 315`,
      'again.txt 11600',
      'data.bin 11600',
      'dir 15',
      'file(1).txt 23',
      'file.txt 23',
      'form(1).cgi 15',
      'form.cgi 11',
      'noext 16',
      'noext(1) 16',
      'page(1).txt 11600',
      'page(2).txt 11600',
      'page.txt 11600',
      'q%3fx=1&y=2 20',
      'we%3aird%2ana%22me%3c%3e%7c.txt 30',
      'with%20space.html 33',
      'x.tar(1).gz 19',
      'x.tar.gz 19',
    ]);
    // gzip, zlib deflate, raw deflate and chunked gzip all give the server's text back.
    const text = readFileSync(join(dir, 'page.txt'), 'latin1');
    expect(text.startsWith('line 00000 of some text body\nline 00001')).toBe(true);
    for (const name of ['page(1).txt', 'page(2).txt', 'data.bin', 'again.txt'])
      expect(readFileSync(join(dir, name), 'latin1')).toBe(text);
  });

  it('makes file names safe, short and unique as tshark does', async () => {
    const { files } = await exported(join(FIXTURES, 'http-object-names.pcap'), 'http');
    expect(files).toEqual(
      [
        '%2f 11',
        '(1). 14',
        '.hidden 18',
        `${'M'.repeat(255)} 311`,
        `${'N'.repeat(244)}.eeeeeeeeee 322`,
        'a%5cb.txt 18',
        'a;b=c 16',
        'abs.html 38',
        'ctl%01x 16',
        'dot. 15',
        'many(1)(1).txt 22',
        'many(1).txt 22',
        'multi.dot.name. 26',
        'rel.txt 17',
        't%09ab 17',
        'tab%09x 375',
        'trail. 17',
        'x#frag 17',
        '~user 16',
        '\ufffd\ufffd.txt 19',
      ].sort(),
    );
  });

  it('leaves files already in the directory alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-objects-'));
    writeFileSync(join(dir, 'file.txt'), 'mine');
    const { files } = await exported(join(FIXTURES, 'http-objects.pcap'), 'http', dir);
    expect(files.filter((f) => f.startsWith('file'))).toEqual(['file(1).txt 23', 'file(2).txt 23', 'file.txt 4']);
  });

  it.skipIf(!hasCorpus)('matches tshark on the corpus HTTP captures', async () => {
    expect((await exported(join(CORPUS, 'apps/http_features.pcap'), 'http')).files).toEqual([
      'index(1).html 24678',
      'index.html 24678',
      'logo.txt 3000',
      'missing.html 153',
      'old-page 145',
      'old-page(1) 145',
    ]);
    expect((await exported(join(CORPUS, 'real/http_post.pcapng'), 'http')).files).toEqual([
      '%3fp=310&cpage=1 40327',
      'wp-comments-post(1).php 0',
      'wp-comments-post.php 179',
    ]);
  });

  it.skipIf(!hasCorpus)('writes the files FTP moved, named by RETR and STOR', async () => {
    // tshark 4.0 writes no ftp-data objects from these captures; the sizes are the files the README describes.
    for (const capture of ['ftp_passive.pcap', 'ftp_active_fail.pcap']) {
      expect((await exported(join(CORPUS, 'apps', capture), 'ftp-data')).files).toEqual([
        'notes.txt 20480',
        'report-2026.txt 40960',
      ]);
    }
  });
});
