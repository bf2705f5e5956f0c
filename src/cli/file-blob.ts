import { closeSync, openSync, readSync } from 'node:fs';

/** Closes a file once no blob reads it any more (a FileHandle would warn on stderr when collected open). */
const closer = new FinalizationRegistry<number>((fd) => closeSync(fd));

/**
 * A file read by slices, as a Blob is: what the commands need of one (size, slice, arrayBuffer, stream), and
 * `readInto` (src/core/source.ts: DirectSource), which the ingest driver uses to read straight into the core's
 * memory. Node's `fs.openAsBlob` reports the size of a file over 4 GB modulo 2^32 (Node 20) and reads nothing
 * past it, and copies each read through small buffers it then joins: the CLI opens every capture through this.
 */
export class FileBlob {
  readonly type = '';

  private constructor(
    /** Shared by a blob's slices; the descriptor is closed when the last of them is collected. */
    private readonly file: { fd: number; path: string },
    private readonly start: number,
    readonly size: number,
  ) {}

  static async open(path: string, size: number): Promise<Blob> {
    const file = { fd: openSync(path, 'r'), path };
    closer.register(file, file.fd);
    return new FileBlob(file, 0, size) as unknown as Blob;
  }

  /** The file, when this blob is all of it (a worker thread opens it again to read a piece of it). */
  get path(): string | undefined {
    return this.start === 0 ? this.file.path : undefined;
  }

  /** Bytes [start, end) of this blob, negative indexes counting from its end, as Blob.slice does. */
  slice(start = 0, end = this.size): Blob {
    const at = (i: number) => Math.min(Math.max(i < 0 ? this.size + i : i, 0), this.size);
    const from = at(start);
    const to = Math.max(from, at(end));
    return new FileBlob(this.file, this.start + from, to - from) as unknown as Blob;
  }

  /** Reads bytes at `offset` of this blob into target (fewer at its end); returns how many. */
  readInto(offset: number, target: Uint8Array): number {
    const length = Math.min(target.length, Math.max(0, this.size - offset));
    let done = 0;
    while (done < length) {
      const read = readSync(this.file.fd, target, done, length - done, this.start + offset + done);
      if (read === 0) break;
      done += read;
    }
    return done;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.read(0, this.size)).buffer as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return this.read(0, this.size);
  }

  stream(): ReadableStream<Uint8Array> {
    let offset = 0;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        if (offset >= this.size) return controller.close();
        const chunk = await this.read(offset, Math.min(1 << 20, this.size - offset));
        offset += chunk.length;
        if (chunk.length === 0) controller.close();
        else controller.enqueue(chunk);
      },
    });
  }

  /** Reads synchronously (the CLI has nothing to do meanwhile): a few megabytes at a time. */
  private async read(offset: number, length: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(Math.min(length, Math.max(0, this.size - offset)));
    const done = this.readInto(offset, bytes);
    return done === bytes.length ? bytes : bytes.slice(0, done);
  }
}
