import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";

/** A file's content, or a symlink to create at that path. */
export type Entry = string | Uint8Array | { symlink: string };

const made: string[] = [];

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** Writes `files` (relative posix paths) under a fresh temp folder and returns its path. */
export async function tree(files: Record<string, Entry>): Promise<string> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "skvm-skill-")));
  made.push(root);
  await write(root, files);
  return root;
}

export async function write(root: string, files: Record<string, Entry>): Promise<void> {
  const entries = Object.entries(files).map(([rel, content]) => [path.join(root, ...rel.split("/")), content] as const);
  await Promise.all([...new Set(entries.map(([abs]) => path.dirname(abs)))].map((dir) => fs.mkdir(dir, { recursive: true })));
  await Promise.all(
    entries.map(([abs, content]) => (typeof content === "object" && "symlink" in content ? fs.symlink(content.symlink, abs) : fs.writeFile(abs, content))),
  );
}

/** SKILL.md text from lines, so a test can point at line numbers by counting. */
export const lines = (...ls: string[]): string => `${ls.join("\n")}\n`;

/** A minimal valid SKILL.md for a skill named `name`, with extra frontmatter lines and body. */
export function skillMd(name: string, extra: string[] = [], body: string[] = ["# Title", "", "Do the thing."]): string {
  return lines("---", `name: ${name}`, "description: Does a thing. Use when a thing is needed.", ...extra, "---", ...body);
}

export const codes = (ds: ReadonlyArray<{ code: string }>): string[] => ds.map((d) => d.code);
