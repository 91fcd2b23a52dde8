import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { runProcess } from "../exec/index.js";
import type { EnvSkill } from "./env-skill.js";
import { declaredVariables } from "./runtime-env.js";
import { scriptPath } from "./script-path.js";

/**
 * Everything a verdict depends on, hashed: the requirements, the verify script, where the skill
 * lives, PATH, which python3 and node PATH finds, and which declared variables are set (never
 * their values). A change to any of them makes a cached verdict miss.
 */
export async function verdictKey(skill: EnvSkill, parent: NodeJS.ProcessEnv, toolchain: string): Promise<string> {
  const script = await readFile(scriptPath(skill, "verify")).catch(() => Buffer.alloc(0));
  const variables = Object.keys(declaredVariables(skill, parent)).sort();
  const material = JSON.stringify([skill.manifest.env, sha256(script), skill.dir, parent.PATH ?? "", toolchain, variables]);
  return `sha256:${sha256(material)}`;
}

/** `python3 --version` and `node --version` as found on `path`; "none" for one that is absent. */
export async function toolchainVersions(path: string): Promise<string> {
  const version = async (command: string): Promise<string> => {
    const r = await runProcess({ command, args: ["--version"], cwd: tmpdir(), env: { PATH: path }, timeoutMs: 5_000, maxOutputBytes: 4096 });
    return r.exitCode === 0 ? `${r.stdout}${r.stderr}`.trim() : "none";
  };
  const [python, node] = await Promise.all([version("python3"), version("node")]);
  return `python3 ${python}; node ${node}`;
}

const sha256 = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");
