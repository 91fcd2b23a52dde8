import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CLI } from "./server.js";

const exec = promisify(execFile);

/** Runs the built `skvm` with logging silenced (and `env` added); resolves with its exit code and output, never rejects on exit 1/2. */
export async function skvm(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, SKVM_LOG_LEVEL: "silent", ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
