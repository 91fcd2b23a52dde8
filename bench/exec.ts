// The sandbox's cost per run: the same script through runProcess sandboxed (user+PID namespace,
// private /proc, no capabilities, rlimits, timeout(1) as init) and plain (its own process group
// only), alternated in the same run so machine load hits both alike.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProcess } from "../src/exec/index.js";
import { median, type BenchRow } from "./stats.js";

const SCRIPTS = [
  { lang: "bash", command: "bash", file: "hello.sh", text: "echo hello\n" },
  { lang: "python", command: "python3", file: "hello.py", text: "print('hello')\n" },
] as const;

export async function benchExec(runs: number): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "skvm-bench-exec-"));
  try {
    const rows: BenchRow[] = [];
    for (const script of SCRIPTS) {
      const path = join(dir, script.file);
      await writeFile(path, script.text);
      const once = async (sandbox: boolean): Promise<number> => {
        const t0 = performance.now();
        const result = await runProcess({ command: script.command, args: [path], cwd: dir }, { sandbox });
        if (result.stdout !== "hello\n") throw new Error(`bench script failed: ${JSON.stringify(result)}`);
        return performance.now() - t0;
      };
      await once(true); // probe the sandbox and load execa outside the samples
      await once(false);
      const sandboxed: number[] = [];
      const plain: number[] = [];
      for (let i = 0; i < runs; i++) {
        sandboxed.push(await once(true));
        plain.push(await once(false));
      }
      const [s, p] = [median(sandboxed), median(plain)];
      rows.push({
        suite: "exec",
        case: `${script.lang} hello through runProcess, sandboxed (+${(s - p).toFixed(1)} ms)`,
        median: s,
        unit: "ms",
        baseline: `plain spawn, same run: ${p.toFixed(1)} ms`,
        ratio: s / p,
        samples: sandboxed,
      });
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
