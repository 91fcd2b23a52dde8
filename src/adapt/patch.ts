import { z } from "zod";
import { FailureClass } from "./failure.js";

/** Why a patch exists: the failures it answers and the output line that showed the cause. */
export const PatchEvidence = z.object({
  class: FailureClass,
  failures: z.array(z.string()),
  excerpt: z.string(),
});

const base = {
  id: z.string(),
  createdAt: z.string(),
  evidence: PatchEvidence,
  /** `moot`: a recompile found the source now does this itself (or the thing patched is gone). */
  status: z.enum(["applied", "moot"]).default("applied"),
  mootReason: z.string().optional(),
  /** What the patch does, in one line for people. */
  summary: z.string(),
};

/**
 * One fix of a compiled skill, kept beside its artifact (`patches.json`), never in the source.
 * - require: a package or executable the runs showed missing joins `manifest.env.requires`;
 * - absolute-path: a bundled file mentioned by a relative path in SKILL.md gets the skill-dir token;
 * - param-type: a direct template tool's parameter gets the type its program needs;
 * - node-timeout: a workflow node that keeps timing out gets a longer timeout and a progress note;
 * - edit: an accepted model proposal (the whole compiled SKILL.md it produced).
 */
export const Patch = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("require"), requirement: z.object({ kind: z.enum(["python", "node", "bins"]), name: z.string(), import: z.string().optional() }) }),
  z.object({ ...base, kind: z.literal("absolute-path"), path: z.string() }),
  z.object({ ...base, kind: z.literal("param-type"), template: z.string(), param: z.string(), from: z.string(), to: z.enum(["integer", "number", "boolean"]) }),
  z.object({ ...base, kind: z.literal("node-timeout"), node: z.string(), timeoutMs: z.number().int().positive(), note: z.string() }),
  z.object({ ...base, kind: z.literal("edit"), proposal: z.string(), baseDigest: z.string(), skillMd: z.string() }),
]);
export type Patch = z.infer<typeof Patch>;
/** A patch as a fixer drafts it: the store gives it an id and a date. */
export type PatchDraft = Patch extends infer P ? (P extends Patch ? Omit<P, "id" | "createdAt" | "status"> : never) : never;

export const PatchFile = z.object({ version: z.literal(1), patches: z.array(Patch) });
export type PatchFile = z.infer<typeof PatchFile>;

export const PATCH_FILE = "patches.json";
export const PROPOSAL_FILE = "proposals.json";
/** Files of the adaptive layer inside `compiled/<name>/`: a recompile keeps them. */
export const ADAPT_FILES = [PATCH_FILE, PROPOSAL_FILE] as const;

/** Two patches that do the same thing (a second failure must not add a twin). */
export function patchKey(p: PatchDraft | Patch): string {
  switch (p.kind) {
    case "require":
      return `require:${p.requirement.kind}:${p.requirement.name}`;
    case "absolute-path":
      return `absolute-path:${p.path}`;
    case "param-type":
      return `param-type:${p.template}:${p.param}`;
    case "node-timeout":
      return `node-timeout:${p.node}:${p.timeoutMs}`;
    case "edit":
      return `edit:${p.proposal}`;
  }
}
