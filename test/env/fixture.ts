import { randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installScript, verifyScript } from "../../src/compiler/passes/env/scripts/index.js";
import type { EnvManifest, EnvRequirement, EnvRequires, SystemPackage } from "../../src/compiler/passes/env/schema.js";
import type { EnvSkill } from "../../src/env/index.js";

/** A requirement as PASS-2 would write it. */
export const req = (name: string, extra: Partial<EnvRequirement> = {}): EnvRequirement => ({ name, optional: false, origins: ["test"], ...extra });

export const requires = (parts: Partial<EnvRequires>): EnvRequires => ({ python: [], node: [], bins: [], env: [], ...parts });

export const tempDir = (label: string): Promise<string> => mkdtemp(join(tmpdir(), `skvm-env-${label}-`));

/** Skill names are unique per test: the state folder (venv, verdict cache) is keyed by name. */
export const uniqueName = (label: string): string => `${label}-${randomBytes(4).toString("hex")}`;

export interface FixtureOptions {
  requires?: Partial<EnvRequires>;
  os?: string[];
  systemPackages?: SystemPackage[];
  /** A hand-written env/verify.sh instead of the generated one. */
  verify?: string;
}

/**
 * A compiled skill with only what src/env reads: an env section, env/verify.sh and env/install.sh
 * generated from the requirements, and an empty source folder.
 */
export async function compiledSkill(root: string, label: string, opts: FixtureOptions = {}): Promise<EnvSkill> {
  const name = uniqueName(label);
  const dir = join(root, "skills", name);
  const compiledDir = join(root, "compiled", name);
  await mkdir(dir, { recursive: true });
  await mkdir(join(compiledDir, "env"), { recursive: true });
  const env: EnvManifest = {
    requires: requires(opts.requires ?? {}),
    verify: "env/verify.sh",
    install: "env/install.sh",
    systemPackages: opts.systemPackages ?? [],
    os: opts.os ?? [],
  };
  await writeFile(join(compiledDir, env.verify), opts.verify ?? verifyScript(env));
  await writeFile(join(compiledDir, env.install), installScript(env));
  return { name, manifest: { env }, dir, compiledDir };
}

/** A folder holding one executable script, to put on PATH. */
export async function binDir(root: string, name: string, body = "#!/bin/sh\nexit 0\n"): Promise<string> {
  const dir = join(root, `bin-${randomBytes(3).toString("hex")}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), body);
  await chmod(join(dir, name), 0o755);
  return dir;
}
