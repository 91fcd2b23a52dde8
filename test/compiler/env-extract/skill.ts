import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect } from "vitest";
import { type ExtractedRequirements, extractRequirements, loadParsers } from "../../../src/compiler/passes/env/extract/index.js";
import type { EnvRequirement } from "../../../src/compiler/passes/env/schema.js";
import { loadSkill } from "../../../src/skill/index.js";
import type { SkillIR } from "../../../src/skill/ir.js";

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/**
 * Loads a skill written from a few lines of text (the real loader parses the frontmatter,
 * Markdown and bundled files) and extracts its requirements. `frontmatter` lines go after
 * `name` and `description`; the body starts on line 5 when `frontmatter` is one line.
 */
export async function extractFrom(body: string, files: Record<string, string> = {}, frontmatter = ""): Promise<ExtractedRequirements & { ir: SkillIR }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "skvm-env-extract-"));
  made.push(root);
  const dir = path.join(root, "demo");
  const all = { "SKILL.md": `---\nname: demo\ndescription: A demo skill\n${frontmatter}---\n${body}`, ...files };
  for (const [rel, text] of Object.entries(all)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text);
  }
  return extractSkill(dir);
}

/** Loads a skill folder from disk and extracts its requirements. */
export async function extractSkill(dir: string): Promise<ExtractedRequirements & { ir: SkillIR }> {
  const loaded = await loadSkill(dir);
  if (!loaded.ok) throw new Error(`skill did not load: ${JSON.stringify(loaded.diagnostics)}`);
  return { ...extractRequirements(loaded.ir, await loadParsers()), ir: loaded.ir };
}

type Kind = keyof ExtractedRequirements["requires"];

export const names = (r: ExtractedRequirements, kind: Kind): string[] => r.requires[kind].map((x) => x.name);

/** The one requirement of that kind and name; fails the test when it is missing. */
export function req(r: ExtractedRequirements, kind: Kind, name: string): EnvRequirement {
  const found = r.requires[kind].find((x) => x.name === name);
  expect(found, `${kind} requirement ${name} in ${JSON.stringify(names(r, kind))}`).toBeDefined();
  return found as EnvRequirement;
}

/** A fenced block of `lang`, for bodies written inline. */
export const fence = (lang: string, code: string): string => `\`\`\`${lang}\n${code}\n\`\`\`\n`;
