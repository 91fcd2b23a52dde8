// Whether a process recorded earlier (a task's server, a run folder's owner) still runs: a zombie
// does not, and neither does a later process that was given the same pid.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { isRunning, selfIdentity } from "../../src/exec/process-identity.js";

const linux = process.platform === "linux";
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

const stateOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
};

describe("isRunning", () => {
  it("this process runs; a pid that cannot exist does not", () => {
    expect(isRunning(selfIdentity())).toBe(true);
    // pid_max is at most 2^22 on Linux.
    expect(isRunning({ pid: 2147483646 })).toBe(false);
  });

  it.runIf(linux)("a zombie (exited, its parent never reaps it) does not run, though signal 0 still reaches it", async () => {
    // `exec sleep 30` replaces the shell, so the background `sleep 1` ends as the child of a sleep
    // that never waits for it (it outlives the exec, so the shell cannot reap it first).
    const parent = spawn("sh", ["-c", "sleep 1 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
    children.push(parent);
    const [line] = (await once(parent.stdout!, "data")) as [Buffer];
    const zombie = Number(line.toString().trim());
    await expect.poll(() => stateOf(zombie), { timeout: 10_000 }).toBe("Z");
    expect(() => process.kill(zombie, 0)).not.toThrow();
    expect(isRunning({ pid: zombie })).toBe(false);
  });

  it.runIf(linux)("a process with the recorded pid but another start time is a later process, not the recorded one", async () => {
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    children.push(child);
    await once(child, "spawn");
    const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
    const started = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!;
    expect(isRunning({ pid: child.pid!, started })).toBe(true);
    expect(isRunning({ pid: child.pid!, started: String(Number(started) - 1) })).toBe(false);
    expect(isRunning({ pid: child.pid! })).toBe(true);
  });
});
