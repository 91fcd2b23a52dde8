import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Workflow, type Manifest } from "../compiler/index.js";
import { unknownTemplate, type SkillTemplates } from "./template-node.js";

/** A compiled skill as the runtime needs it (a CatalogSkill fits). */
export interface WorkflowSkill {
  name: string;
  dir: string;
  compiledDir: string;
  manifest: Pick<Manifest, "workflow" | "templates">;
}

export class WorkflowLoadError extends Error {
  constructor(
    readonly code: "WORKFLOW_NONE" | "WORKFLOW_INVALID" | "WORKFLOW_UNKNOWN_TEMPLATE",
    message: string,
    readonly hint: string,
  ) {
    super(`${code}: ${message} (hint: ${hint})`);
  }
}

/** What runWorkflow needs to know about the skill itself: its folder and its templates. */
export const skillRunOptions = (skill: WorkflowSkill): { skill: string; skillDir: string; templates: SkillTemplates } => ({
  skill: skill.name,
  skillDir: skill.dir,
  templates: { compiledDir: skill.compiledDir, templates: skill.manifest.templates ?? [] },
});

/** Reads and validates `compiled/<name>/workflow.json`; a `template` node must name one of the skill's templates. */
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
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WorkflowLoadError("WORKFLOW_INVALID", `${file} field "${issue?.path.join(".") || "(root)"}": ${issue?.message}`, "recompile the skill (skvm compile --force)");
  }
  const templates = skill.manifest.templates ?? [];
  for (const { id, run } of parsed.data.nodes) {
    if (run.kind !== "template" || templates.some((t) => t.id === run.template)) continue;
    throw new WorkflowLoadError("WORKFLOW_UNKNOWN_TEMPLATE", `${skill.name}: node "${id}" runs ${unknownTemplate(run.template, templates)}`, "`skvm stats` lists each skill's templates; name one of them in the node's `template:`");
  }
  return parsed.data;
}
