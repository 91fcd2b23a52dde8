import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';

export const truncationMarker = (limit: number): string => `\n[skvm: output truncated after ${limit} bytes]`;

/**
 * Keeps the first `limit` bytes of a stream and only counts the rest, so a flood costs CPU, not
 * memory. The head is what explains a failure (the command line, the first error).
 */
export class OutputCap {
  readonly #limit: number;
  readonly #kept: Buffer[] = [];
  #keptBytes = 0;
  #seenBytes = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get seenBytes(): number {
    return this.#seenBytes;
  }

  get truncated(): boolean {
    return this.#seenBytes > this.#limit;
  }

  push(chunk: Buffer): void {
    this.#seenBytes += chunk.length;
    const room = this.#limit - this.#keptBytes;
    if (room <= 0) return;
    // Copy the kept slice so the discarded rest of a large chunk can be freed.
    const part = chunk.length <= room ? chunk : Buffer.from(chunk.subarray(0, room));
    this.#kept.push(part);
    this.#keptBytes += part.length;
  }

  /** Decodes as UTF-8; never throws. */
  text(): string {
    const decoder = new StringDecoder('utf8');
    const head = decoder.write(Buffer.concat(this.#kept, this.#keptBytes));
    // A character cut by the cap is incomplete, not invalid: drop it rather than print U+FFFD.
    if (this.truncated) return head + truncationMarker(this.#limit);
    return head + decoder.end();
  }
}

/** Feeds every chunk of `stream` to `onChunk`; resolves once the stream ends or is destroyed, never rejects. */
export function captureStream(stream: Readable, onChunk: (chunk: Buffer) => void): Promise<void> {
  stream.on('data', (chunk: Buffer | string) => onChunk(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  return finished(stream).then(
    () => undefined,
    () => undefined, // a destroyed or failed pipe still means "no more output"
  );
}
