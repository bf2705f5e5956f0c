import { open, type FileHandle } from 'node:fs/promises';

/**
 * A file read by slices, as a Blob is: what the commands need of one (size, slice, arrayBuffer, stream). Node's
 * `fs.openAsBlob` reports the size of a file over 4 GB modulo 2^32 (Node 20) and reads nothing past it, so a
 * capture that large is opened through this instead.
 */
export class FileBlob {
  readonly type = '';

  private constructor(
    private readonly file: { handle: FileHandle },
    private readonly start: number,
    readonly size: number,
  ) {}

  static async open(path: string, size: number): Promise<Blob> {
    return new FileBlob({ handle: await open(path, 'r') }, 0, size) as unknown as Blob;
  }

  /** Bytes [start, end) of this blob, negative indexes counting from its end, as Blob.slice does. */
  slice(start = 0, end = this.size): Blob {
    const at = (i: number) => Math.min(Math.max(i < 0 ? this.size + i : i, 0), this.size);
    const from = at(start);
    const to = Math.max(from, at(end));
    return new FileBlob(this.file, this.start + from, to - from) as unknown as Blob;
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

  private async read(offset: number, length: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.file.handle.read(bytes, done, length - done, this.start + offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === length ? bytes : bytes.slice(0, done);
  }
}
