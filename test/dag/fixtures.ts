import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

/** A skill whose whole body is one explicit ```yaml workflow block. */
export const workflowSkill = (name: string, yaml: string): string =>
  skillMd(name, `Workflow fixture ${name}`, `# ${name}\n\n\`\`\`yaml workflow\n${yaml}\n\`\`\`\n`);

export interface Served extends Connected {
  root: string;
  /** A fresh working directory for one run. */
  workdir: (name: string) => Promise<string>;
}

/** Writes skills into a temp root and serves them with the built CLI; `work/` holds run folders; close() removes it all. */
export async function serveSkills(skills: Record<string, Record<string, string>>, env: Record<string, string> = {}, copy: string[] = []): Promise<Served> {
  const root = await mkdtemp(join(tmpdir(), "skvm-dag-"));
  for (const [name, files] of Object.entries(skills)) await writeSkill(join(root, "skills"), name, files);
  for (const name of copy) await cp(join("skills", name), join(root, "skills", name), { recursive: true });
  const connected = await connectStdio(["--skills", join(root, "skills"), "--compiled", join(root, "compiled")], env);
  const workdir = async (name: string) => {
    const dir = join(root, "work", name);
    await mkdir(dir, { recursive: true });
    return dir;
  };
  const close = async () => {
    await connected.close();
    await rm(root, { recursive: true, force: true });
  };
  return { ...connected, close, root, workdir };
}

/** Polls until `check` holds; false when it never did within `limitMs` (a bound, not a timing claim). */
export async function eventually(check: () => boolean, limitMs = 20_000): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export const allExist = (paths: string[]): boolean => paths.every((p) => existsSync(p));
