// Issue 11 item 13: servers sharing a compiled folder and SKVM_HOME share one JIT state file:
// no count is lost, a promotion happens once, a corrupt file is kept aside, and a kill -9
// leaves neither a temp file nor a lock that blocks the next server.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const GREET = 'name = "world"\nprint(f"hello {name}")\n';

describe("JIT state shared by several servers", () => {
  let root: string;
  const home = () => join(root, "home");
  const stateDir = () => join(home(), "jit");
  const args = (after = 20) => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled"), "--solidify-after", String(after)];
  const connect = (after?: number) => connectStdio(args(after), { SKVM_HOME: home() });
  const greet = (conn: Connected, who: string) => conn.client.callTool({ name: "run_code", arguments: { skill: "greet", language: "python", code: GREET.replace("world", who) } });
  const stateFile = async () => join(stateDir(), (await readdir(stateDir())).find((f) => /^[0-9a-f]{16}\.json$/.test(f))!);
  const stats = async () => JSON.parse(await readFile(await stateFile(), "utf8")).templates["greet/greet"];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-shared-"));
    await writeSkill(root, "skills/greet", { "SKILL.md": skillMd("greet", "Greets someone", `# Greet\n\n\`\`\`python\n${GREET}\`\`\`\n`) });
    // Compile once, so the two servers below do not race to compile.
    const first = await connect();
    await first.close();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("records all 60 concurrent exact matches of two servers and promotes the template once", async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    try {
      const calls = Array.from({ length: 60 }, (_, i) => greet(i % 2 ? a : b, `p${i}`));
      const results = await Promise.all(calls);
      expect(results.every((r) => !r.isError)).toBe(true);
      expect(await stats()).toMatchObject({ matches: 60, promoted: true, promotions: 1 });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("keeps a corrupt state file as .corrupt-<time> and starts fresh", async () => {
    const file = await stateFile();
    await writeFile(file, "{ not json");
    const conn = await connect();
    try {
      expect((await greet(conn, "x")).isError).toBeFalsy();
    } finally {
      await conn.close();
    }
    const names = await readdir(stateDir());
    const aside = names.find((n) => n.includes(".corrupt-"));
    expect(aside).toBeDefined();
    expect(await readFile(join(stateDir(), aside!), "utf8")).toBe("{ not json");
    expect(await stats()).toMatchObject({ matches: 1, promoted: false });
  });

  it("leaves no temp file or blocking lock after a server is killed with SIGKILL mid-burst", async () => {
    const victim = await connect();
    const burst = Array.from({ length: 20 }, (_, i) => greet(victim, `k${i}`).catch(() => undefined));
    await new Promise((r) => setTimeout(r, 300));
    process.kill(victim.pid!, "SIGKILL");
    await Promise.all(burst);
    const before = (await stats()).matches as number;
    const next = await connect();
    try {
      expect((await greet(next, "after")).isError).toBeFalsy();
    } finally {
      await next.close();
    }
    expect((await stats()).matches).toBe(before + 1);
    expect((await readdir(stateDir())).filter((n) => n.endsWith(".tmp") || n.endsWith(".lock"))).toEqual([]);
    // The killed server's run folders are removed by the next server that starts.
    const leftBy = async () => (await readdir(tmpdir())).filter((n) => n.startsWith(`skvm-run-${victim.pid}-`));
    expect(await leftBy()).toEqual([]);
  });
});
