import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Workflow, type Manifest } from "../compiler/index.js";

/** A compiled skill as the runtime needs it (a CatalogSkill fits). */
export interface WorkflowSkill {
  name: string;
  dir: string;
  compiledDir: string;
  manifest: Pick<Manifest, "workflow">;
}

export class WorkflowLoadError extends Error {
  constructor(
    readonly code: "WORKFLOW_NONE" | "WORKFLOW_INVALID",
    message: string,
    readonly hint: string,
  ) {
    super(`${code}: ${message} (hint: ${hint})`);
  }
}

/** Reads and validates `compiled/<name>/workflow.json`. */
export async function loadWorkflow(skill: WorkflowSkill): Promise<Workflow> {
  if (!skill.manifest.workflow) {
    throw new WorkflowLoadError("WORKFLOW_NONE", `skill "${skill.name}" has no workflow`, "it has fewer than two steps and no explicit workflow block; see the README on workflow syntax");
  }
  const file = join(skill.compiledDir, skill.manifest.workflow);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new WorkflowLoadError("WORKFLOW_INVALID", `${file}: ${(err as Error).message}`, "recompile the skill (skvm compile --force)");
  }
  const parsed = Workflow.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new WorkflowLoadError("WORKFLOW_INVALID", `${file} field "${issue?.path.join(".") || "(root)"}": ${issue?.message}`, "recompile the skill (skvm compile --force)");
}
