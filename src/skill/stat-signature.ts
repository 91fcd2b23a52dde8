import { createHash } from "node:crypto";
import { lstatSync, readdirSync } from "node:fs";
import path from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { EXCLUDED_NAMES, Limits } from "./limits.js";

/**
 * A cheap change detector for folders: a hash over every entry's relative path, size, mtime,
 * ctime and inode, from lstat calls alone. Equal signatures mean nothing was touched, so a cached
 * content hash can be trusted without reading a byte (git's index works the same way). Local
 * only: it changes with a checkout, so it is never written into an artifact.
 *
 * Links are stat'ed, never followed: a link's own ctime and inode change when it is re-pointed,
 * and what it points at is either inside the folder (stat'ed there) or never hashed nor served.
 * So a link loop, a fan of links to `.` or a link to `/proc/self/root` costs one lstat each.
 * A budget of entries bounds a folder holding a million of them.
 *
 * The stat calls are synchronous on purpose: a skill is a handful of files, and a thousand skills
 * take tens of milliseconds this way against hundreds through the thread pool. The event loop
 * gets a turn before each folder, so requests keep flowing while a server verifies its catalog.
 */
export async function statSignature(dirs: readonly string[]): Promise<string> {
  const lines: string[] = [];
  for (const [i, dir] of dirs.entries()) {
    const budget = { entries: Limits.entriesPerSkill };
    await statLines(dir, `${i}:`, 0, budget, lines);
  }
  return `stat:${createHash("sha256").update(lines.sort().join("\n")).digest("hex")}`;
}

async function statLines(dir: string, rel: string, depth: number, budget: { entries: number }, out: string[]): Promise<void> {
  await yieldToEventLoop();
  if (depth > Limits.discoveryDepth) return void out.push(`${rel}\0too-deep`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    return void out.push(`${rel}\0${(err as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  for (const name of names) {
    if (EXCLUDED_NAMES.has(name)) continue;
    if (--budget.entries < 0) return void out.push(`${rel}\0over-budget`);
    const abs = path.join(dir, name);
    let stat;
    try {
      stat = lstatSync(abs);
    } catch (err) {
      // Gone, or in a folder that can be listed but not entered (EACCES).
      out.push(`${rel}${name}\0${(err as NodeJS.ErrnoException).code ?? "unstatable"}`);
      continue;
    }
    out.push(`${rel}${name}\0${stat.mode}\0${stat.size}\0${stat.mtimeMs}\0${stat.ctimeMs}\0${stat.ino}`);
    if (stat.isDirectory()) await statLines(abs, `${rel}${name}/`, depth + 1, budget, out);
  }
}
