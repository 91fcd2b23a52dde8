import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { shq } from "../compiler/passes/env/scripts/shell.js";
import { skvmHome } from "../state-dir.js";

/** The two folders every command works on, resolved once and the same way for all of them. */
export interface SkillRoots {
  /** Absolute skills root (one skill folder or a folder of skills). */
  skills: string;
  /** Absolute folder of compiled artifacts. */
  compiled: string;
}

/** A clear error for a skills folder that is not there, before anything starts or is written. */
export function missingSkillsRoot(skillsRoot: string): string | undefined {
  const abs = resolve(skillsRoot);
  if (statSync(abs, { throwIfNoEntry: false })?.isDirectory()) return undefined;
  return `SKILLS_ROOT_NOT_FOUND: ${abs} is not a folder (pass --skills DIR: one skill folder or a folder of skills)`;
}

/**
 * Where compiled artifacts go when --compiled is not given: `./compiled` beside `./skills` in a
 * project that has both conventions, else a per-skills-folder cache so a user's skill tree is
 * never written to unasked.
 */
function defaultCompiledDir(skillsRoot: string): string {
  const abs = resolve(skillsRoot);
  if (abs === resolve("skills") && existsSync("compiled")) return resolve("compiled");
  return cacheCompiledDir(abs);
}

/** The cache folder for a skills root: the same from any working directory. */
function cacheCompiledDir(absSkillsRoot: string): string {
  const key = createHash("sha256").update(absSkillsRoot).digest("hex").slice(0, 12);
  return join(skvmHome(), "compiled", `${basename(absSkillsRoot)}-${key}`);
}

/** `--skills` / `--compiled` as given (compiled optional) to the folders every command uses. */
export function resolveRoots(opts: { skills: string; compiled?: string }): SkillRoots {
  return { skills: resolve(opts.skills), compiled: resolve(opts.compiled ?? defaultCompiledDir(opts.skills)) };
}

/**
 * How to run this CLI again, for hints a person pastes into a terminal: `node` and the absolute
 * path of the running entry (a clone has no `skvm` on PATH).
 */
export function cliInvocation(): string[] {
  return ["node", resolve(process.argv[1] ?? "skvm")];
}

/**
 * A pasteable command line for `args` on these roots, from any working directory: absolute
 * paths, and `--compiled` whenever it is not what `--skills` alone would resolve to from elsewhere.
 */
export function commandFor(args: string[], roots: SkillRoots): string {
  return commandArgv(args, roots).map(shellWord).join(" ");
}

/** The same command as an argv array (`node` first), e.g. for an MCP client's config entry. */
export function commandArgv(args: string[], roots: SkillRoots): string[] {
  const compiled = roots.compiled === cacheCompiledDir(roots.skills) ? [] : ["--compiled", roots.compiled];
  return [...cliInvocation(), ...args, "--skills", roots.skills, ...compiled];
}

/** A word as bash reads it: plain when it has nothing a shell would interpret. */
const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : shq(word));
