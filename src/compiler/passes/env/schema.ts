import { z } from "zod";

/**
 * One thing a skill needs from its environment. `name` is what gets installed or checked: a pip
 * distribution (python), an npm package (node), an executable on PATH (bins) or an environment
 * variable (env).
 */
export const EnvRequirement = z.object({
  name: z.string(),
  /** Python: the module `import` checks (e.g. `PIL` for Pillow). Node: the specifier to resolve. */
  import: z.string().optional(),
  /** Bins: satisfied by any one of these executables (OpenClaw `anyBins`); `name` is the first. */
  anyOf: z.array(z.string()).optional(),
  /** True when the text only mentions it as an alternative ("or use X"); verify never fails on it. */
  optional: z.boolean(),
  /** Where it was found: `scripts/x.py:3`, `SKILL.md:40`, `metadata.openclaw.requires.bins`, ... */
  origins: z.array(z.string()).min(1),
});
export type EnvRequirement = z.infer<typeof EnvRequirement>;

export const EnvRequires = z.object({
  python: z.array(EnvRequirement),
  node: z.array(EnvRequirement),
  bins: z.array(EnvRequirement),
  env: z.array(EnvRequirement),
});
export type EnvRequires = z.infer<typeof EnvRequires>;

/** A system package that provides executables, from OpenClaw `install[]` or install lines in the text. */
export const SystemPackage = z.object({
  manager: z.enum(["apt", "brew"]),
  name: z.string(),
  bins: z.array(z.string()),
  origins: z.array(z.string()).min(1),
});
export type SystemPackage = z.infer<typeof SystemPackage>;

/** `manifest.env`: field names `requires`, `verify`, `install` are part of the fixed contract. */
export const EnvManifest = z.object({
  requires: EnvRequires,
  verify: z.string(),
  install: z.string(),
  systemPackages: z.array(SystemPackage),
  /** Operating systems the skill supports (Node's names: linux, darwin, win32); empty = any. */
  os: z.array(z.string()),
});
export type EnvManifest = z.infer<typeof EnvManifest>;

export const VERIFY_SCRIPT = "env/verify.sh";
export const INSTALL_SCRIPT = "env/install.sh";

const CheckedKind = z.enum(["python", "node", "bins", "env", "os"]);
const MissingItem = z.object({ kind: CheckedKind, name: z.string(), import: z.string().optional() });

/** A name the script generator refused to embed (see scripts/names.ts): never checked or installed. */
export const RejectedName = z.object({ kind: z.enum(["python", "node", "bins", "env", "os", "system"]), name: z.string(), reason: z.string() });
export type RejectedName = z.infer<typeof RejectedName>;

/**
 * What env/verify.sh prints on stdout (one JSON object). `os` is missing when the platform is not
 * one the skill supports; optional requirements are listed apart because they never make a
 * skill unready.
 */
export const VerifyVerdict = z.object({
  ready: z.boolean(),
  missing: z.array(MissingItem),
  optionalMissing: z.array(MissingItem).default([]),
  rejected: z.array(RejectedName).default([]),
});
export type VerifyVerdict = z.infer<typeof VerifyVerdict>;
