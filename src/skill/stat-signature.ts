import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { EXCLUDED_NAMES, Limits } from "./limits.js";

/**
 * A cheap change detector for folders: a hash over every file's relative path, size, mtime,
 * ctime and inode, from stat calls alone. Equal signatures mean nothing was touched, so a cached
 * content hash can be trusted without reading a byte (git's index works the same way). Local
 * only: it changes with a checkout, so it is never written into an artifact.
 *
 * The stat calls are synchronous on purpose: a skill is a handful of files, and a thousand skills
 * take tens of milliseconds this way against hundreds through the thread pool. The event loop
 * gets a turn before each call, so requests keep flowing while a server verifies its catalog.
 */
export async function statSignature(dirs: readonly string[]): Promise<string> {
  await yieldToEventLoop();
  const lines = dirs.flatMap((dir, i) => statLines(dir, `${i}:`, 0));
  return `stat:${createHash("sha256").update(lines.sort().join("\n")).digest("hex")}`;
}

function statLines(dir: string, rel: string, depth: number): string[] {
  if (depth > Limits.discoveryDepth) return [`${rel}\0too-deep`];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    return [`${rel}\0${(err as NodeJS.ErrnoException).code ?? "unreadable"}`];
  }
  return names
    .filter((name) => !EXCLUDED_NAMES.has(name))
    .flatMap((name) => {
      const abs = path.join(dir, name);
      const stat = statSync(abs, { throwIfNoEntry: false });
      if (!stat) return [`${rel}${name}\0missing`];
      const line = `${rel}${name}\0${stat.size}\0${stat.mtimeMs}\0${stat.ctimeMs}\0${stat.ino}`;
      return stat.isDirectory() ? [line, ...statLines(abs, `${rel}${name}/`, depth + 1)] : [line];
    });
}
