import { createHash } from "node:crypto";
import { looksBinary } from "./binary.js";
import { Code } from "./codes.js";
import type { Diagnostic } from "./diagnostic.js";
import { io } from "./io-limit.js";
import { readRegularFile } from "./regular-file.js";
import type { WalkedFile } from "./walk.js";

export interface ScannedFile {
  rel: string;
  size: number;
  /** `sha256:<hex>` of the raw bytes. */
  digest: string;
  binary: boolean;
  /** The text, for small text files only (see SOURCE_TEXT_BYTES). */
  text?: string;
}

/** Text files up to this size keep their contents for passes that read code (e.g. imports). */
export const SOURCE_TEXT_BYTES = 256 * 1024;

/**
 * Reads each walked file once for its digest and binary flag. Reads share the process-wide I/O
 * limit, so only a bounded number of buffers is alive at a time.
 */
export async function scanFiles(files: readonly WalkedFile[], show: (rel: string) => string = (rel) => rel): Promise<{ files: ScannedFile[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const scanned = await Promise.all(
    files.map(async (f): Promise<ScannedFile | undefined> => {
      let bytes: Buffer;
      try {
        bytes = await io(() => readRegularFile(f.real));
      } catch (err) {
        const why = (err as NodeJS.ErrnoException).code ?? "error";
        diagnostics.push({ code: Code.FILE_UNREADABLE, severity: "warning", message: `${f.rel} cannot be read (${why}); left out`, file: show(f.rel), hint: "check permissions" });
        return undefined;
      }
      const binary = looksBinary(bytes);
      const text = !binary && bytes.length <= SOURCE_TEXT_BYTES ? bytes.toString("utf8") : undefined;
      return { rel: f.rel, size: bytes.length, digest: `sha256:${createHash("sha256").update(bytes).digest("hex")}`, binary, ...(text === undefined ? {} : { text }) };
    }),
  );
  return { files: scanned.filter((s): s is ScannedFile => s !== undefined), diagnostics };
}

