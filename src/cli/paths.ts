import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { shq } from "../compiler/passes/env/scripts/shell.js";
import { discoverRoots, isFolder } from "../skill/index.js";
import { skvmHome } from "../state-dir.js";

/** The folders every command works on, resolved once and the same way for all of them. */
export interface SkillRoots {
  /** Absolute skills roots, nearest first: a skill in an earlier one shadows one of the same name in a later one. */
  skills: string[];
  /** Absolute folder of compiled artifacts. */
  compiled: string;
  /** True when no `--skills` was given and the roots are the standard places that exist. */
  discovered: boolean;
}

/** `--skills` as commander collects it (repeatable), or one folder from code and older callers. */
export interface RootOptions {
  skills?: string | readonly string[];
  compiled?: string;
}

const givenRoots = (skills: RootOptions["skills"]): string[] => (typeof skills === "string" ? [skills] : [...(skills ?? [])]);

/** A clear error for a given skills folder that is not there, before anything starts or is written. */
export function missingSkillsRoot(skills: RootOptions["skills"]): string | undefined {
  const missing = givenRoots(skills).find((root) => !isFolder(resolve(root)));
  if (missing === undefined) return undefined;
  return `SKILLS_ROOT_NOT_FOUND: ${resolve(missing)} is not a folder (pass --skills DIR, repeatable: one skill folder or a folder of skills; without --skills the standard places are searched, see \`skvm where\`)`;
}

/**
 * Where compiled artifacts go when --compiled is not given: `./compiled` when the one root is
 * `./skills` in a project that has both conventions, else a cache folder keyed by the roots, so
 * no skill folder (least of all one found rather than named) is ever written to.
 */
function defaultCompiledDir(roots: readonly string[]): string {
  if (roots.length === 1 && roots[0] === resolve("skills") && existsSync("compiled")) return resolve("compiled");
  return cacheCompiledDir(roots);
}

/** The cache folder for a list of roots: the same from any working directory. One root keeps its old key. */
function cacheCompiledDir(roots: readonly string[]): string {
  const key = createHash("sha256").update(roots.join("\0")).digest("hex").slice(0, 12);
  const label = roots.length === 1 ? basename(roots[0] ?? "") : `${roots.length}-roots`;
  return join(skvmHome(), "compiled", `${label}-${key}`);
}

/**
 * `--skills` (repeatable) / `--compiled` as given to the folders every command uses. Without
 * `--skills`, the standard places (src/skill/roots.ts) that exist, nearest first.
 */
export function resolveRoots(opts: RootOptions): SkillRoots {
  const given = givenRoots(opts.skills).map((root) => resolve(root));
  // The same folder named twice is searched once, at its nearest rank.
  const skills = given.length ? given.filter((root, i) => given.indexOf(root) === i) : discoverRoots();
  return { skills, compiled: resolve(opts.compiled ?? defaultCompiledDir(skills)), discovered: given.length === 0 };
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
 * paths, and `--compiled` whenever it is not what the `--skills` alone would resolve to from elsewhere.
 */
export function commandFor(args: string[], roots: SkillRoots): string {
  return commandArgv(args, roots).map(shellWord).join(" ");
}

/** The same command as an argv array (`node` first), e.g. for an MCP client's config entry. */
export function commandArgv(args: string[], roots: SkillRoots): string[] {
  const compiled = roots.compiled === cacheCompiledDir(roots.skills) ? [] : ["--compiled", roots.compiled];
  return [...cliInvocation(), ...args, ...roots.skills.flatMap((root) => ["--skills", root]), ...compiled];
}

/** A word as bash reads it: plain when it has nothing a shell would interpret. */
const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : shq(word));
