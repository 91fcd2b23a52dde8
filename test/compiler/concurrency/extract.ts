import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { concurrencyPass, extractWorkflow } from "../../../src/compiler/passes/concurrency/index.js";
import { loadSkill } from "../../../src/skill/index.js";
import { writeSkill } from "../../helpers/skill-fixtures.js";

/** Loads a skill folder with the real loader and extracts its workflow. */
export async function extractFrom(dir: string) {
  const loaded = await loadSkill(dir);
  if (!loaded.ok) throw new Error(`fixture did not load: ${JSON.stringify(loaded.diagnostics)}`);
  await concurrencyPass.setup?.();
  return extractWorkflow(loaded.ir, parseYaml);
}

/** Writes a throwaway skill (SKILL.md from `body` plus extra files) and extracts its workflow. */
export async function extractBody(body: string, files: Record<string, string> = {}, metadata = "") {
  const root = await mkdtemp(join(tmpdir(), "skvm-wf-"));
  try {
    const md = `---\nname: wf\ndescription: A workflow fixture\n${metadata}---\n${body}`;
    const dir = await writeSkill(root, "wf", { "SKILL.md": md, ...files });
    return await extractFrom(dir);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
