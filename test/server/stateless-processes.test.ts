// Stateless HTTP for real: two server processes share the compiled folder and SKVM_HOME, and one
// 2026-07-28 client alternates its requests between them (no session, no affinity). Counts of
// exact run_code matches are never lost, the template is promoted once and offered by both, and
// an environment installed through one is ready through the other.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttp } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const GREET = 'name = "world"\nprint(f"hello {name}")\n';
const textOf = (r: { content?: unknown }) => ((r.content ?? []) as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

describe("two HTTP server processes behind one 2026-07-28 client", () => {
  let root: string;
  let servers: Awaited<ReturnType<typeof startHttp>>[] = [];
  const served: string[] = [];
  const home = () => join(root, "home");

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-stateless-"));
    await writeSkill(join(root, "skills"), "greet", { "SKILL.md": skillMd("greet", "Greets someone", `# Greet\n\n\`\`\`python\n${GREET}\`\`\`\n`) });
    await writeSkill(join(root, "skills"), "needs-npm", {
      "SKILL.md": skillMd("needs-npm", "Uses an npm package", "# Run\n\n```bash\nnode scripts/main.cjs 42\n```\n"),
      "scripts/main.cjs": "const isNumber = require('is-number');\nconsole.log(`is number: ${isNumber(process.argv[2])}`);\n",
    });
    const args = ["--skills", join(root, "skills"), "--compiled", join(root, "compiled"), "--solidify-after", "3"];
    // One after the other: the first compiles, the second finds the artifacts fresh.
    servers.push(await startHttp(args, { SKVM_HOME: home() }));
    servers.push(await startHttp(args, { SKVM_HOME: home() }));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(root, { recursive: true, force: true });
  });

  /** A client whose every HTTP request goes to the next server in turn. */
  async function alternatingClient(): Promise<Client> {
    let turn = 0;
    const alternate: typeof fetch = async (input, init) => {
      const target = servers[turn++ % servers.length]!;
      const url = new URL(String(input instanceof Request ? input.url : input));
      const to = new URL(url.pathname + url.search, target.url);
      served.push(target.url);
      return fetch(to, init);
    };
    const client = new Client({ name: "alternating", version: "0" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${servers[0]!.url}/mcp`), { fetch: alternate }));
    return client;
  }

  it("loses no JIT count, promotes once, and both processes offer the direct tool", async () => {
    const client = await alternatingClient();
    try {
      for (const who of ["ada", "bob", "cy", "dee"]) {
        const r = await client.callTool({ name: "run_code", arguments: { skill: "greet", language: "python", code: GREET.replace("world", who) } });
        expect(r.structuredContent, textOf(r)).toMatchObject({ exitCode: 0, stdout: `hello ${who}\n` });
      }
      expect(new Set(served).size).toBe(2);
      const stateDir = join(home(), "jit");
      const file = (await readdir(stateDir)).find((f) => /^[0-9a-f]{16}\.json$/.test(f))!;
      expect(JSON.parse(await readFile(join(stateDir, file), "utf8")).templates["greet/greet"]).toMatchObject({ matches: 4, promoted: true, promotions: 1 });
      // Two listings in a row: one from each process.
      for (let i = 0; i < 2; i++) expect((await client.listTools()).tools.map((t) => t.name)).toContain("greet__greet");
    } finally {
      await client.close();
    }
  }, 120_000);

  it("an environment installed through one process is ready through the other", async () => {
    const client = await alternatingClient();
    const ready = async () => (JSON.parse(textOf(await client.callTool({ name: "list_skills", arguments: {} }))).skills as { name: string; ready: boolean }[]).find((s) => s.name === "needs-npm")?.ready;
    try {
      // Both processes know it is not ready yet (each answers one of these).
      expect(await ready()).toBe(false);
      expect(await ready()).toBe(false);
      const setup = await client.callTool({ name: "env_setup", arguments: { skill: "needs-npm" } }, { timeout: 180_000 });
      expect(textOf(setup)).toContain('skill "needs-npm" is ready');
      // Every following request, whichever process answers it, sees it ready (verdicts are adopted within a second).
      await expect.poll(async () => [await ready(), await ready()], { timeout: 20_000 }).toEqual([true, true]);
      for (let i = 0; i < 2; i++) {
        const run = await client.callTool({ name: "run_script", arguments: { skill: "needs-npm", script: "scripts/main.cjs", args: ["42"] } });
        expect(run.isError, textOf(run)).toBeFalsy();
        expect(textOf(run)).toContain("is number: true");
      }
    } finally {
      await client.close();
    }
  }, 240_000);
});
