import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";

/**
 * Loads the machine like other tenants would: `perCore` busy-looping processes per core, until
 * the 1-minute load average is above the core count (bounded by `limitMs`). `stop` kills them.
 */
export async function busyLoad(perCore = 4, limitMs = 120_000): Promise<{ stop: () => Promise<void>; loadAboveCores: boolean }> {
  const cores = availableParallelism();
  const children: ChildProcess[] = [];
  for (let i = 0; i < cores * perCore; i++) children.push(spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
  const stop = async () => {
    await Promise.all(
      children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => (c.once("exit", r), c.kill("SIGKILL"))))),
    );
  };
  const until = Date.now() + limitMs;
  while ((loadavg()[0] ?? 0) <= cores && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
  return { stop, loadAboveCores: (loadavg()[0] ?? 0) > cores };
}
