// Which capability profile a session gets: --profile, the config file's mapping from client names
// and model names, and (opt-in) the host model's name learned from one sampling answer. The real
// server is spawned; the SDK Client plays the host, its sampling handler the host's model.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport, ProtocolError } from "@modelcontextprotocol/client";
import type { CreateMessageRequest } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pinFor, type Era } from "../helpers/eras.js";
import { connectStdio, startHttp, CLI } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const textOf = (r: object) => (((r as { content?: unknown }).content ?? []) as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

interface Listing {
  profile: { active: { id: string; model: string; harness: string; source: string; because: string } | null; notes: string[]; hostModel?: string };
}

/** A host whose model answers every sampling request as `model`; it records each request and whether a tool call was running. */
function host(name: string, model: string | Error | undefined, era: Era = "legacy") {
  const client = new Client({ name, version: "1" }, { capabilities: model === undefined ? {} : { sampling: {} }, ...pinFor(era) });
  const asked: Array<{ params: CreateMessageRequest["params"]; duringCall: boolean }> = [];
  let calls = 0;
  if (model !== undefined) {
    client.setRequestHandler('sampling/createMessage', async (req) => {
      asked.push({ params: req.params, duringCall: calls > 0 });
      if (model instanceof Error) throw model;
      return { model, role: "assistant", content: { type: "text", text: "OK" }, stopReason: "endTurn" };
    });
  }
  const listSkills = async (): Promise<Listing> => {
    calls++;
    try {
      return JSON.parse(textOf(await client.callTool({ name: "list_skills", arguments: {} }))) as Listing;
    } finally {
      calls--;
    }
  };
  return { client, asked, listSkills };
}

/** Streamable HTTP with the standalone GET stream refused: only a request related to the call can reach the client. */
const callStreamOnly: typeof fetch = async (input, init) => (init?.method === "GET" ? new Response(null, { status: 405 }) : fetch(input, init));

describe("the capability profile of a session", () => {
  let root: string;
  let env: Record<string, string>;
  let http: Awaited<ReturnType<typeof startHttp>>;
  const args = () => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled")];
  /** Connects the host to a spawned stdio server, runs the checks, and disconnects. */
  async function overStdio(h: ReturnType<typeof host>, check: () => Promise<void>, extraArgs: string[] = [], extraEnv: Record<string, string> = {}) {
    const conn = await connectStdio([...args(), ...extraArgs], { ...env, ...extraEnv }, h.client);
    try {
      await check();
    } finally {
      await conn.close();
    }
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-host-profile-"));
    await writeSkill(join(root, "skills"), "hello", { "SKILL.md": skillMd("hello", "Says hello") });
    for (const id of ["claude-code/claude-test", "cursor/gpt-test"]) {
      await mkdir(join(root, "home", "profiles", id), { recursive: true });
      // What `skvm profile` and `skvm profile import` leave in the store.
      const profile = { version: "1.0", model: id.split("/")[1], harness: id.split("/")[0], profiledAt: "2026-11-30T00:00:00.000Z", capabilities: {} };
      await writeFile(join(root, "home", "profiles", id, "latest.json"), JSON.stringify(profile));
    }
    const config = {
      profiles: {
      clients: { "cursor*": "cursor/gpt-test" },
      models: { "claude-test-*": "claude-code/claude-test", "ghost-*": "nowhere/ghost" },
      learnModelFromSampling: true,
      },
    };
    await writeFile(join(root, "config.json"), JSON.stringify(config, null, 2));
    env = { SKVM_HOME: join(root, "home"), SKVM_CONFIG: join(root, "config.json") };
    http = await startHttp(args(), env);
  });
  afterAll(async () => {
    await http?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it("over stdio: learns the host model from one sampling answer, sent during list_skills, and picks its profile", async () => {
    const h = host("claude-code", "claude-test-2025-01");
    await overStdio(h, async () => {
      const first = await h.listSkills();
      expect(first.profile.hostModel).toBe("claude-test-2025-01");
      expect(first.profile.active).toMatchObject({ id: "claude-code/claude-test", harness: "claude-code", model: "claude-test", source: "model" });
      expect(first.profile.active!.because).toContain('"claude-test-*"');
      await h.listSkills();
      expect(h.asked).toHaveLength(1);
      expect(h.asked[0]!.duringCall).toBe(true);
      expect(h.asked[0]!.params.maxTokens).toBeLessThanOrEqual(16);
    });
  });

  it("over Streamable HTTP with no standalone stream: the sampling request rides the list_skills call", async () => {
    const h = host("claude-code", "claude-test-x");
    await h.client.connect(new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`), { fetch: callStreamOnly }));
    try {
      const listing = await h.listSkills();
      expect(listing.profile.active?.id).toBe("claude-code/claude-test");
      expect(h.asked).toHaveLength(1);
    } finally {
      await h.client.close();
    }
  });

  for (const transport of ["stdio", "streamable"] as const) {
    it(`a 2026-07-28 client over ${transport}: the question is list_skills' InputRequiredResult, answered once, and the profile follows`, async () => {
      const h = host("claude-code", `claude-test-${transport}`, "modern");
      const check = async () => {
        expect(h.client.getProtocolEra()).toBe("modern");
        const first = await h.listSkills();
        expect(first.profile.hostModel).toBe(`claude-test-${transport}`);
        expect(first.profile.active).toMatchObject({ id: "claude-code/claude-test", source: "model" });
        expect((await h.listSkills()).profile.hostModel).toBe(`claude-test-${transport}`);
        expect(h.asked).toHaveLength(1);
        expect(h.asked[0]!.duringCall).toBe(true);
      };
      if (transport === "stdio") return overStdio(h, check);
      await h.client.connect(new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`)));
      try {
        await check();
      } finally {
        await h.client.close();
      }
    });
  }

  it("a client without sampling: the client-name mapping applies, the instructions name it, and a note says sampling is not available", async () => {
    const h = host("cursor-ide", undefined);
    await overStdio(h, async () => {
      expect(h.client.getInstructions()).toContain("Active capability profile: cursor/gpt-test");
      const listing = await h.listSkills();
      expect(listing.profile.active).toMatchObject({ id: "cursor/gpt-test", source: "client" });
      expect(listing.profile.notes.join("\n")).toContain("MODEL_SAMPLING_UNAVAILABLE");
    });
  });

  it("a model mapped to a missing profile falls back to the client mapping, with a note naming the missing id", async () => {
    const h = host("cursor", "ghost-7");
    await overStdio(h, async () => {
      const listing = await h.listSkills();
      expect(listing.profile.active).toMatchObject({ id: "cursor/gpt-test", source: "client" });
      expect(listing.profile.notes.join("\n")).toContain('profile "nowhere/ghost"');
    });
  });

  it("a host that refuses sampling: list_skills still answers, with the refusal as a note", async () => {
    const h = host("other-client", new ProtocolError(-1, "User rejected sampling request"));
    await overStdio(h, async () => {
      const listing = await h.listSkills();
      expect(listing.profile.active).toBeNull();
      expect(listing.profile.notes.join("\n")).toMatch(/MODEL_SAMPLING_FAILED.*User rejected/);
      await h.listSkills();
      expect(h.asked).toHaveLength(1);
    });
  });

  it("--profile wins over every mapping and is named in the instructions", async () => {
    const h = host("cursor", "claude-test-1");
    await overStdio(h, async () => {
      expect(h.client.getInstructions()).toContain("Active capability profile: claude-code/claude-test (model claude-test, harness claude-code; chosen by --profile)");
      expect((await h.listSkills()).profile.active).toMatchObject({ id: "claude-code/claude-test", source: "flag" });
    }, ["--profile", "claude-code/claude-test"]);
  });

  it("--profile naming no stored profile stops the server with a coded error", async () => {
    const run = promisify(execFile)(process.execPath, [CLI, "serve", ...args(), "--profile", "nope/none"], { env: { ...process.env, ...env } });
    const err = (await run.then(() => undefined, (e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(2);
    expect(err.stderr).toContain("MODEL_CONFIG_INVALID: --profile nope/none");
    expect(err.stderr).toContain("skvm profile list");
  });

  it("without learnModelFromSampling the host is never asked", async () => {
    await writeFile(join(root, "no-learn.json"), JSON.stringify({ profiles: { models: { "*": "claude-code/claude-test" } } }));
    const h = host("claude-code", "claude-test-1");
    await overStdio(h, async () => {
      const listing = await h.listSkills();
      expect(listing.profile.active).toBeNull();
      expect(h.asked).toHaveLength(0);
    }, [], { SKVM_CONFIG: join(root, "no-learn.json") });
  });
});
