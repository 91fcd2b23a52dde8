import type { EnvRequirement, EnvRequires, RejectedName, SystemPackage } from "../schema.js";

export type RequirementKind = keyof EnvRequires;

/**
 * What a name may look like before it goes near a generated script. The patterns are the
 * registries' own rules, narrowed so that no accepted name can start an option (`-x`), contain
 * whitespace, quotes or `$`, or need escaping inside JSON.
 */
const PATTERNS = {
  /** PEP 508 distribution names. */
  pip: /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/,
  /** Dotted Python module path; only its first segment is looked up. */
  pyModule: /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/,
  /** npm package names; upper case is still accepted for old packages (JSONStream). */
  npm: /^(?:@[A-Za-z0-9][A-Za-z0-9._~-]*\/)?[A-Za-z0-9][A-Za-z0-9._~-]*$/,
  /** A package name with an optional subpath (`lodash/fp`). */
  npmSpecifier: /^(?:@[A-Za-z0-9][A-Za-z0-9._~-]*\/)?[A-Za-z0-9][A-Za-z0-9._~-]*(?:\/[A-Za-z0-9._~-]+)*$/,
  bin: /^[A-Za-z0-9._+][A-Za-z0-9._+-]*$/,
  env: /^[A-Za-z_][A-Za-z0-9_]*$/,
  apt: /^[a-z0-9][a-z0-9.+-]+$/,
  /** Formulae, optionally tap-qualified (`user/tap/formula`). */
  brew: /^[A-Za-z0-9][A-Za-z0-9@._+-]*(?:\/[A-Za-z0-9][A-Za-z0-9@._+-]*){0,2}$/,
  os: /^[a-z0-9]+$/,
} as const;

const MAX_NAME = 214; // npm's limit, generous for every other kind

const fits = (pattern: RegExp, value: string): boolean => value.length <= MAX_NAME && pattern.test(value);


export interface CheckedRequires {
  requires: EnvRequires;
  systemPackages: SystemPackage[];
  os: string[];
  rejected: RejectedName[];
}

/** Python: the module find_spec looks up (`import`, else the distribution name). */
export const pythonModule = (r: EnvRequirement): string => r.import ?? r.name;
/** Node: the specifier whose package folder is looked for (`import`, else the package name). */
export const nodeSpecifier = (r: EnvRequirement): string => r.import ?? r.name;
/** Bins: every executable that satisfies the requirement (`anyOf`, else just `name`). */
export const binAlternatives = (r: EnvRequirement): string[] => (r.anyOf?.length ? r.anyOf : [r.name]);

function requirementProblem(kind: RequirementKind, r: EnvRequirement): string | undefined {
  switch (kind) {
    case "python":
      if (!fits(PATTERNS.pip, r.name)) return "not a valid pip distribution name";
      return fits(PATTERNS.pyModule, pythonModule(r)) ? undefined : "not a valid Python module path";
    case "node":
      if (!fits(PATTERNS.npm, r.name)) return "not a valid npm package name";
      return fits(PATTERNS.npmSpecifier, nodeSpecifier(r)) ? undefined : "not a valid npm module specifier";
    case "bins":
      // `name` is reported even when `anyOf` is what gets checked, so it must be clean too.
      return [r.name, ...binAlternatives(r)].every((b) => fits(PATTERNS.bin, b)) ? undefined : "not a valid executable name";
    case "env":
      return fits(PATTERNS.env, r.name) ? undefined : "not a valid environment variable name";
  }
}

function packageProblem(p: SystemPackage): string | undefined {
  if (!fits(p.manager === "apt" ? PATTERNS.apt : PATTERNS.brew, p.name)) return `not a valid ${p.manager} package name`;
  return p.bins.every((b) => fits(PATTERNS.bin, b)) ? undefined : "lists an invalid executable name";
}

/** Splits the input into what the scripts may embed and what they must only report. */
export function checkNames(input: { requires: EnvRequires; systemPackages?: SystemPackage[]; os?: string[] }): CheckedRequires {
  const rejected: RejectedName[] = [];
  const keep = (kind: RequirementKind) =>
    input.requires[kind].filter((r) => {
      const reason = requirementProblem(kind, r);
      if (reason) rejected.push({ kind, name: r.name, reason });
      return !reason;
    });
  const requires: EnvRequires = { python: keep("python"), node: keep("node"), bins: keep("bins"), env: keep("env") };
  const systemPackages = (input.systemPackages ?? []).filter((p) => {
    const reason = packageProblem(p);
    if (reason) rejected.push({ kind: "system", name: p.name, reason });
    return !reason;
  });
  const os = (input.os ?? []).filter((o) => {
    const ok = fits(PATTERNS.os, o);
    if (!ok) rejected.push({ kind: "os", name: o, reason: "not a valid platform name" });
    return ok;
  });
  return { requires, systemPackages, os, rejected };
}
