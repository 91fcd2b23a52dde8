import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { connectStdio, rawStdioExchange, type Connected } from "../helpers/server.js";

const SKILLS = resolve("skills");
const EXAMPLES = ["csv-report", "git-changelog", "json-transform", "png-tools", "text-stats"];
const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

describe("skvm serve over stdio, on the bundled example skills", () => {
  let tmp: string;
  let conn: Connected;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "skvm-stdio-"));
    conn = await connectStdio(["--skills", SKILLS, "--compiled", join(tmp, "compiled")]);
  });
  afterAll(async () => {
    await conn?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it("explains the skills workflow and declares the SEP-2640 extension at initialize", () => {
    const instructions = conn.client.getInstructions() ?? "";
    expect(instructions).toContain("load_skill");
    expect(instructions).toContain("csv-report");
    const caps = conn.client.getServerCapabilities() as { extensions?: Record<string, unknown> };
    expect(caps.extensions).toHaveProperty(["io.modelcontextprotocol/skills"]);
  });

  it("offers a prompt per skill whose text is the compiled instructions with the task", async () => {
    const { prompts } = await conn.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(EXAMPLES);
    expect(prompts[0]?.arguments?.map((a) => a.name)).toEqual(["task"]);
    const got = await conn.client.getPrompt({ name: "csv-report", arguments: { task: "profile sales.csv" } });
    const text = (got.messages[0]?.content as { text: string }).text;
    expect(text).toContain("profile sales.csv");
    expect(text).toContain(join(SKILLS, "csv-report", "scripts"));
    expect(text).not.toContain("${SKVM_SKILL_DIR}");
    expect(text).toContain("run_script");
  });

  it("lists catalog tools, run_script and one tool per skill (once its environment checked out), with load_skill's name as an enum", async () => {
    await expect.poll(async () => (await conn.client.listTools()).tools.map((t) => t.name), { timeout: 30_000 }).toEqual(
      expect.arrayContaining(["list_skills", "load_skill", "read_skill_file", "run_script", ...EXAMPLES]),
    );
    const { tools } = await conn.client.listTools();
    const load = tools.find((t) => t.name === "load_skill");
    expect((load?.inputSchema.properties?.name as { enum: string[] }).enum.sort()).toEqual(EXAMPLES);
    const csv = tools.find((t) => t.name === "csv-report");
    expect(csv?.description).toMatch(/CSV/i);
  });

  it("loads a skill as instructions plus resource links to its bundled files", async () => {
    const result = await conn.client.callTool({ name: "load_skill", arguments: { name: "png-tools" } });
    expect(result.isError).toBeFalsy();
    const links = (result.content as { type: string; uri?: string }[]).filter((c) => c.type === "resource_link").map((c) => c.uri);
    expect(links).toContain("skill://png-tools/SKILL.md");
    expect(links).toContain("skill://png-tools/scripts/png_info.py");
    expect(textOf(result)).toContain("png");
  });

  it("lists skills and their files with list_skills", async () => {
    const listing = JSON.parse(textOf(await conn.client.callTool({ name: "list_skills", arguments: {} })));
    expect(listing.skills.map((s: { name: string }) => s.name)).toEqual(EXAMPLES);
    expect(listing.problems).toEqual([]);
  });

  it("reads bundled files, and refuses paths that leave the skill", async () => {
    const ok = await conn.client.callTool({ name: "read_skill_file", arguments: { skill: "csv-report", path: "scripts/validate.py" } });
    expect(textOf(ok)).toContain("import");
    for (const [path, code] of [["../text-stats/SKILL.md", "PATH_TRAVERSAL"], ["/etc/passwd", "PATH_ABSOLUTE"], ["scripts/none.py", "FILE_NOT_FOUND"]]) {
      const bad = await conn.client.callTool({ name: "read_skill_file", arguments: { skill: "csv-report", path } });
      expect(bad.isError, path).toBe(true);
      expect(textOf(bad), path).toContain(code);
    }
  });

  it("serves SKILL.md and every bundled file as skill:// resources with MIME types", async () => {
    const { resources } = await conn.client.listResources();
    const main = resources.find((r) => r.uri === "skill://text-stats/SKILL.md");
    expect(main).toMatchObject({ mimeType: "text/markdown", name: "text-stats" });
    const script = resources.find((r) => r.uri === "skill://csv-report/scripts/validate.py");
    expect(script?.mimeType).toMatch(/python/);
    const read = await conn.client.readResource({ uri: "skill://text-stats/SKILL.md" });
    expect((read.contents[0] as { text: string }).text).toMatch(/^---\nname: text-stats/);
    await expect(conn.client.readResource({ uri: "skill://csv-report/scripts/..%2F..%2Ftext-stats%2FSKILL.md" })).rejects.toThrow(/PATH_TRAVERSAL/);
    await expect(conn.client.readResource({ uri: "skill://csv-report/%2Fetc%2Fpasswd" })).rejects.toThrow(/PATH_ABSOLUTE/);
    await expect(conn.client.readResource({ uri: "skill://nope/SKILL.md" })).rejects.toThrow(/SKILL_NOT_FOUND/);
  });

  it("runs a bundled script with argv through run_script", async () => {
    const csv = join(tmp, "data.csv");
    await writeFile(csv, "name,amount\na,1\nb,2\nc,300\n");
    const result = await conn.client.callTool({
      name: "run_script",
      arguments: { skill: "csv-report", script: "scripts/validate.py", args: [csv], cwd: tmp },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ exitCode: 0, timedOut: false });
    const refused = await conn.client.callTool({ name: "run_script", arguments: { skill: "csv-report", script: "../../etc/passwd" } });
    expect(textOf(refused)).toContain("PATH_TRAVERSAL");
    const unbundled = await conn.client.callTool({ name: "run_script", arguments: { skill: "csv-report", script: "scripts/nope.py" } });
    expect(textOf(unbundled)).toMatch(/FILE_NOT_FOUND.*scripts: scripts\/assemble.py/);
  });

  it("answers SEP-2640 skills/list and skills/get with verbatim frontmatter and digests", async () => {
    const Entry = z.object({ uri: z.string(), frontmatter: z.record(z.string(), z.unknown()), resources: z.array(z.object({ uri: z.string(), digest: z.string() })) });
    const list = await conn.client.request({ method: "skills/list", params: {} } as never, z.object({ skills: z.array(Entry) }));
    expect(list.skills.map((s) => s.frontmatter.name)).toEqual(EXAMPLES);
    const got = await conn.client.request({ method: "skills/get", params: { uri: "skill://git-changelog/SKILL.md" } } as never, z.object({ skill: Entry }));
    expect(got.skill.frontmatter.metadata).toMatchObject({ openclaw: { requires: { bins: ["git"] } } });
    expect(got.skill.resources.every((r) => /^sha256:[0-9a-f]{64}$/.test(r.digest))).toBe(true);
    await expect(conn.client.request({ method: "skills/get", params: { uri: "skill://nope/SKILL.md" } } as never, z.object({}))).rejects.toThrow(/not a skill/);
  });

  it("never wrote anything but JSON-RPC to stdout", () => {
    expect(conn.transportErrors).toEqual([]);
  });
});

describe("stdout of the stdio server", () => {
  it("carries only JSON-RPC lines, even while compiling at startup", async () => {
    const tmp = await mkdtemp(join(tmpdir(), "skvm-raw-"));
    try {
      const lines = await rawStdioExchange(
        ["--skills", SKILLS, "--compiled", join(tmp, "compiled")],
        [
          { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } } },
          { jsonrpc: "2.0", method: "notifications/initialized" },
          { jsonrpc: "2.0", id: 2, method: "tools/list" },
          { jsonrpc: "2.0", id: 3, method: "prompts/list" },
        ],
        [1, 2, 3],
      );
      expect(lines.length).toBeGreaterThanOrEqual(3);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
