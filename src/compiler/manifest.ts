import { z } from "zod";
import { BundledFile } from "../skill/ir.js";
import { Diagnostic } from "../skill/diagnostic.js";
import { EnvManifest } from "./passes/env/schema.js";
import { ScriptArgs, Template } from "../jit/index.js";

export const MANIFEST_FILE = "manifest.json";
export const COMPILED_SKILL_FILE = "SKILL.md";

/**
 * The compiled-artifact contract (DESIGN.md): outside tools read these field names, so they
 * never change; new fields may be added. Later passes fill `capabilities`, `env`, `templates`
 * and `workflow`; a field is present only when the pass that owns it ran.
 */
export const Manifest = z.object({
  schemaVersion: z.literal(1),
  skill: z.object({
    /** The name the skill is served under: unique in its catalog. */
    name: z.string(),
    /** The name as the author wrote it, when it had to be normalized (`PDF Tools` -> `pdf-tools`). */
    displayName: z.string().optional(),
    /** The normalized name the skill declares, when it is served under another (qualified) one. */
    declaredName: z.string().optional(),
    description: z.string(),
    license: z.string().optional(),
    /** Skill folder relative to the parent of the compiled root, posix separators. */
    source: z.string(),
    sourceHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    /** The SKILL.md frontmatter verbatim, as JSON (SEP-2640 `frontmatter`). */
    frontmatter: z.record(z.string(), z.unknown()),
    /** `SKILL.md` or `skill.md`, as found in the source folder. */
    entry: z.string(),
    /** Headings of the instructions (at most 64, each cut at 120 characters): what find_skills searches beside name and description. */
    headings: z.array(z.string()).optional(),
  }),
  compiler: z.object({
    version: z.string(),
    passes: z.array(z.string()),
  }),
  capabilities: z
    .object({
      required: z.record(z.string(), z.number()),
      profile: z.string(),
      /** `provider/model` that reviewed the requirements (`skvm compile --refine`); absent for the rules alone. */
      refinedBy: z.string().optional(),
    })
    .optional(),
  env: EnvManifest.optional(),
  templates: z.array(Template).optional(),
  /** How each bundled script takes its arguments (the templates pass): runs of it normalize by these. */
  scriptArgs: z.record(z.string(), ScriptArgs).optional(),
  workflow: z.string().optional(),
  /** Bundled files (everything but the entry file) as they were when compiled. */
  files: z.array(BundledFile),
  /** Invocations of bundled scripts found in the instructions, rewritten to `run_script`. */
  scripts: z
    .array(
      z.object({
        path: z.string(),
        invocations: z.array(z.object({ line: z.number().int(), args: z.array(z.string()) })),
      }),
    )
    .default([]),
  /** Ids of the adaptive patches (`patches.json`, src/adapt) applied to this artifact, in order. */
  patches: z.array(z.string()).optional(),
  /** Warnings the loader and passes raised; errors never produce an artifact. */
  diagnostics: z.array(Diagnostic),
});
export type Manifest = z.infer<typeof Manifest>;

/** What listings and search show of a skill: kept beside the manifest where it is read lazily (see compile-cache.ts). */
export const SkillListing = Manifest.shape.skill.pick({ name: true, description: true, headings: true });
export type SkillListing = z.infer<typeof SkillListing>;

export const listingOf = (manifest: Manifest): SkillListing => {
  const { name, description, headings } = manifest.skill;
  return { name, description, ...(headings ? { headings } : {}) };
};

/** Parses a manifest, naming the file and the first bad field on failure. */
export function parseManifest(json: unknown, file: string): Manifest {
  const parsed = Manifest.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "(root)";
  throw new Error(`MANIFEST_INVALID: ${file} field "${field}": ${issue?.message ?? "invalid"}`);
}
