import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, startHttp } from "../helpers/server.js";

const exec = promisify(execFile);
const require = createRequire(import.meta.url);
// The Inspector CLI needs Node 22: the `node` npm package ships that binary.
const NODE22 = resolve("node_modules/node/bin/node");
const INSPECTOR_DIR = join(dirname(require.resolve("@modelcontextprotocol/inspector-cli/package.json")), "build");

describe("the MCP Inspector CLI (a third-party client) against skvm serve", () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "skvm-inspector-"));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  async function inspect(...args: string[]): Promise<unknown> {
    const server = [process.execPath, CLI, "serve", "--skills", resolve("skills"), "--compiled", join(tmp, "compiled")];
    // Its own package.json is looked up relative to the working directory, hence cwd.
    const { stdout } = await exec(NODE22, ["index.js", ...server, ...args], {
      cwd: INSPECTOR_DIR,
      env: { ...process.env, SKVM_LOG_LEVEL: "silent" },
    });
    return JSON.parse(stdout);
  }

  it("runs on Node 22", async () => {
    const { stdout } = await exec(NODE22, ["--version"]);
    expect(stdout).toMatch(/^v22\./);
  });

  it("lists the tools", async () => {
    const out = (await inspect("--method", "tools/list")) as { tools: { name: string }[] };
    expect(out.tools.map((t) => t.name)).toEqual(expect.arrayContaining(["list_skills", "load_skill", "run_script", "csv-report"]));
  });

  it("gets a skill prompt with a task", async () => {
    const out = (await inspect("--method", "prompts/get", "--prompt-name", "text-stats", "--prompt-args", "task=count words in notes.txt")) as {
      messages: { content: { text: string } }[];
    };
    expect(out.messages[0]?.content.text).toContain("count words in notes.txt");
  });

  it("reads a bundled file resource", async () => {
    const out = (await inspect("--method", "resources/read", "--uri", "skill://png-tools/references/png-format.md")) as {
      contents: { mimeType: string; text: string }[];
    };
    expect(out.contents[0]).toMatchObject({ mimeType: "text/markdown" });
    expect(out.contents[0]?.text).toContain("PNG");
  });
});

describe("the MCP Inspector CLI against skvm serve --http", () => {
  let tmp: string;
  let server: Awaited<ReturnType<typeof startHttp>>;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "skvm-inspector-http-"));
    server = await startHttp(["--skills", resolve("skills"), "--compiled", join(tmp, "compiled")]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  for (const [transport, path] of [["http", "/mcp"], ["sse", "/sse"]] as const) {
    it(`lists tools and reads a resource over --transport ${transport}`, async () => {
      const run = async (...args: string[]) => {
        const { stdout } = await exec(NODE22, ["index.js", `${server.url}${path}`, "--transport", transport, ...args], { cwd: INSPECTOR_DIR });
        return JSON.parse(stdout) as Record<string, unknown>;
      };
      const tools = (await run("--method", "tools/list")) as { tools: { name: string }[] };
      expect(tools.tools.map((t) => t.name)).toContain("load_skill");
      const read = (await run("--method", "resources/read", "--uri", "skill://text-stats/SKILL.md")) as { contents: { text: string }[] };
      expect(read.contents[0]?.text).toMatch(/^---\nname: text-stats/);
    });
  }
});
