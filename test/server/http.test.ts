import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client, SSEClientTransport, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initializeBody, rawHttp } from "../helpers/http.js";
import { CLI, startHttp } from "../helpers/server.js";

const SKILLS = resolve("skills");
const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";


describe("skvm serve --http", () => {
  let tmp: string;
  let server: Awaited<ReturnType<typeof startHttp>>;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "skvm-http-"));
    server = await startHttp(["--skills", SKILLS, "--compiled", join(tmp, "compiled")]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  for (const kind of ["streamable", "sse"] as const) {
    it(`serves the same tools, prompts, resources, run_script and run_code over ${kind === "sse" ? "legacy SSE" : "Streamable HTTP"}`, async () => {
      const transport = kind === "sse" ? new SSEClientTransport(new URL(`${server.url}/sse`)) : new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`));
      const client = new Client({ name: `http-${kind}`, version: "0" });
      await client.connect(transport);
      try {
        const tools = (await client.listTools()).tools.map((t) => t.name);
        expect(tools).toEqual(expect.arrayContaining(["list_skills", "load_skill", "run_script", "run_code", "env_setup"]));
        const prompt = await client.getPrompt({ name: "text-stats", arguments: { task: "count words" } });
        expect((prompt.messages[0]?.content as { text: string }).text).toContain("count words");
        const read = await client.readResource({ uri: "skill://png-tools/references/png-format.md" });
        expect((read.contents[0] as { text: string }).text).toContain("PNG");
        const csv = join(tmp, `data-${kind}.csv`);
        await writeFile(csv, "a,b\n1,2\n");
        const run = await client.callTool({ name: "run_script", arguments: { skill: "csv-report", script: "scripts/validate.py", args: [csv] } });
        expect(run.isError, textOf(run)).toBeFalsy();
        const code = 'import json\n\nwith open("stats.json") as fh:\n    stats = json.load(fh)\nfor col in stats["columns"]:\n    if col["nulls"]:\n        print(f\'{col["name"]}: {col["nulls"]} missing ({col["null_pct"]}%)\')\n';
        await writeFile(join(tmp, "stats.json"), JSON.stringify({ columns: [{ name: "b", nulls: 1, null_pct: 50 }] }));
        const ran = await client.callTool({ name: "run_code", arguments: { skill: "csv-report", language: "python", code, cwd: tmp } });
        expect(ran.structuredContent).toMatchObject({ exitCode: 0, stdout: "b: 1 missing (50%)\n", match: { kind: "exact", template: "reading-the-json-directly", params: { path: "stats.json" } } });
      } finally {
        await client.close();
      }
    });
  }

  it("answers /healthz", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(await res.json()).toMatchObject({ ok: true, skills: 5 });
  });

  it("refuses a foreign Host (DNS rebinding) and a foreign Origin with 403", async () => {
    expect((await rawHttp(`${server.url}/mcp`, { headers: { host: "evil.example:80" }, body: initializeBody })).status).toBe(403);
    expect((await rawHttp(`${server.url}/mcp`, { headers: { origin: "https://evil.example" }, body: initializeBody })).status).toBe(403);
    expect((await rawHttp(`${server.url}/mcp`, { headers: { origin: "http://localhost:5173" }, body: initializeBody })).status).toBe(200);
  });

  it("answers 413 for an oversized body and 404 for an unknown session", async () => {
    const huge = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { pad: "x".repeat(5 * 1024 * 1024) } });
    expect((await rawHttp(`${server.url}/mcp`, { body: huge })).status).toBe(413);
    const unknown = await rawHttp(`${server.url}/mcp`, { headers: { "mcp-session-id": "no-such-session" }, body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }) });
    expect(unknown.status).toBe(404);
  });
});

describe("skvm serve --http with a token", () => {
  it("answers 401 without the token or with a wrong one, and serves with the right one", async () => {
    const tmp = await mkdtemp(join(tmpdir(), "skvm-http-token-"));
    const server = await startHttp(["--skills", SKILLS, "--compiled", join(tmp, "compiled")], { SKVM_TOKEN: "s3cret-token" });
    try {
      expect((await rawHttp(`${server.url}/mcp`, { body: initializeBody })).status).toBe(401);
      expect((await rawHttp(`${server.url}/mcp`, { headers: { authorization: "Bearer wrong" }, body: initializeBody })).status).toBe(401);
      const client = new Client({ name: "token", version: "0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: "Bearer s3cret-token" } } }));
      expect((await client.listTools()).tools.length).toBeGreaterThan(3);
      await client.close();
    } finally {
      await server.stop();
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it("refuses to bind a non-loopback address without a token", async () => {
    const child = spawn(process.execPath, [CLI, "serve", "--http", "--host", "0.0.0.0", "--port", "0", "--skills", SKILLS], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, SKVM_TOKEN: "" } });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    expect(await new Promise((r) => child.once("exit", r))).toBe(2);
    expect(stderr).toContain("refusing to listen on 0.0.0.0 without a token");
  });
});
