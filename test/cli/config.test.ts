import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";

type Entry = { command: string; args: string[] };

/** Starts a server exactly as a client config says (command, args, working directory) and lists its skills. */
async function skillsOf(entry: Entry, cwd: string): Promise<string[]> {
  const client = new Client({ name: "config-test", version: "0" });
  await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, cwd, env: { ...(process.env as Record<string, string>), SKVM_LOG_LEVEL: "silent" } }));
  try {
    const listed = await client.callTool({ name: "list_skills", arguments: {} });
    const text = (listed.content as { type: string; text: string }[])[0]?.text ?? "{}";
    return (JSON.parse(text) as { skills: { name: string }[] }).skills.map((s) => s.name);
  } finally {
    await client.close();
  }
}

describe("client configuration", () => {
  let elsewhere: string;
  beforeAll(async () => {
    elsewhere = await mkdtemp(join(tmpdir(), "skvm-config-"));
  });
  afterAll(() => rm(elsewhere, { recursive: true, force: true }));

  it("`skvm config claude-desktop --json` prints an entry with absolute paths that starts from any folder", async () => {
    const { code, stdout } = await skvm(["config", "claude-desktop", "--json"], resolve("."));
    expect(code).toBe(0);
    const entry = (JSON.parse(stdout) as { mcpServers: { skvm: Entry } }).mcpServers.skvm;
    expect(entry.command).toBe(process.execPath);
    expect(entry.args.slice(1, 4)).toEqual(["serve", "--skills", resolve("skills")]);
    expect(entry.args.filter((a) => a.startsWith("/") || a.includes("/")).every((a) => isAbsolute(a))).toBe(true);
    expect(await skillsOf(entry, elsewhere)).toContain("csv-report");
  });

  it("without --json it says which file to put it in", async () => {
    const { stdout } = await skvm(["config", "claude-desktop"], resolve("."));
    expect(stdout).toContain("claude_desktop_config.json");
    expect(stdout).toContain('"mcpServers"');
  });

  it("ships .mcp.json (what Claude Code reads in a project) with the same working entry as mcp.json", async () => {
    const project = JSON.parse(readFileSync(".mcp.json", "utf8")) as { mcpServers: { skvm: Entry } };
    expect(project).toEqual(JSON.parse(readFileSync("mcp.json", "utf8")));
    expect(await skillsOf(project.mcpServers.skvm, resolve("."))).toContain("csv-report");
  });
});
