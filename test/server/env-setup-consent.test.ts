// env_setup asks the user (MCP elicitation, sent from inside the tool call) before it installs,
// over stdio, Streamable HTTP and legacy SSE. The install itself is real: an npm package from the
// registry into the skill's own prefix, as in env-exposure.test.ts.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, startHttp } from "../helpers/server.js";
import { listedWhenChecked } from "../helpers/list-skills.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: object) => (((r as { content?: unknown }).content ?? []) as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";
const INSTALL_TIMEOUT = { timeout: 180_000 };

type Kind = "stdio" | "streamable" | "sse";
const SKILL: Record<Kind, string> = { stdio: "npm-stdio", streamable: "npm-streamable", sse: "npm-sse" };

/**
 * A client whose user answers each question from `answers`, in order. It records every question
 * and whether a tool call was still running when it came.
 */
function consentingClient(answers: ElicitResult["action"][]) {
  const client = new Client({ name: "consent", version: "0" }, { capabilities: { elicitation: {} } });
  const asked: { message: string; duringCall: boolean }[] = [];
  let calls = 0;
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    asked.push({ message: req.params.message, duringCall: calls > 0 });
    return { action: answers.shift() ?? "cancel" };
  });
  const setup = async (args: { skill: string; dryRun?: boolean }) => {
    calls++;
    try {
      return await client.callTool({ name: "env_setup", arguments: args }, undefined, INSTALL_TIMEOUT);
    } finally {
      calls--;
    }
  };
  const ready = async (skill: string) => (await listedWhenChecked(client, skill))?.ready;
  return { client, asked, setup, ready };
}

/**
 * Streamable HTTP with the standalone GET stream refused (405, which the SDK client accepts): a
 * question the server did not relate to the call would have no way to reach the client.
 */
const callStreamOnly: typeof fetch = async (input, init) => (init?.method === "GET" ? new Response(null, { status: 405 }) : fetch(input, init));

describe("env_setup asks the user before installing (elicitation)", () => {
  let root: string;
  let http: Awaited<ReturnType<typeof startHttp>>;
  const stdioArgs = () => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled-stdio")];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-consent-"));
    for (const name of Object.values(SKILL)) {
      await writeSkill(join(root, "skills"), name, {
        "SKILL.md": skillMd(name, "Uses an npm package", "# Run\n\n```bash\nnode scripts/main.cjs 42\n```\n"),
        "scripts/main.cjs": "const isNumber = require('is-number');\nconsole.log(`is number: ${isNumber(process.argv[2])}`);\n",
      });
    }
    http = await startHttp(["--skills", join(root, "skills"), "--compiled", join(root, "compiled-http")]);
  });
  afterAll(async () => {
    await http?.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function connect(kind: Kind, client: Client): Promise<() => Promise<void>> {
    if (kind === "stdio") return (await connectStdio(stdioArgs(), {}, client)).close;
    const transport =
      kind === "sse" ? new SSEClientTransport(new URL(`${http.url}/sse`)) : new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`), { fetch: callStreamOnly });
    await client.connect(transport);
    return () => client.close();
  }

  for (const kind of ["stdio", "streamable", "sse"] as const) {
    it(`over ${kind}: asks during the call with the plan; declined installs nothing, accepted installs`, async () => {
      const skill = SKILL[kind];
      const user = consentingClient(["decline", "accept"]);
      const close = await connect(kind, user.client);
      try {
        const declined = await user.setup({ skill });
        expect(declined.isError, textOf(declined)).toBeFalsy();
        expect(textOf(declined)).toMatch(/^Nothing was installed: the user declined/);
        expect(user.asked).toHaveLength(1);
        expect(user.asked[0]).toMatchObject({ duringCall: true, message: expect.stringContaining("is-number") });
        expect(user.asked[0]!.message).toContain(`skill "${skill}"`);
        expect(await user.ready(skill)).toBe(false);

        const accepted = await user.setup({ skill });
        expect(user.asked).toHaveLength(2);
        expect(user.asked[1]!.duringCall).toBe(true);
        expect(textOf(accepted)).toContain(`skill "${skill}" is ready`);
        expect(await user.ready(skill)).toBe(true);

        // Ready now: a re-check plans nothing, so there is nothing to ask about.
        await user.setup({ skill });
        expect(user.asked).toHaveLength(2);
      } finally {
        await close();
      }
    }, 400_000);
  }

  it("does not ask for a dry run, and a cancelled question installs nothing either", async () => {
    const root2 = await mkdtemp(join(tmpdir(), "skvm-consent-cancel-"));
    await writeSkill(join(root2, "skills"), "npm-cancel", {
      "SKILL.md": skillMd("npm-cancel", "Uses an npm package", "# Run\n\n```bash\nnode scripts/main.cjs\n```\n"),
      "scripts/main.cjs": "require('is-number');\n",
    });
    const user = consentingClient(["cancel"]);
    const conn = await connectStdio(["--skills", join(root2, "skills"), "--compiled", join(root2, "compiled")], {}, user.client);
    try {
      const dry = await user.setup({ skill: "npm-cancel", dryRun: true });
      expect(textOf(dry)).toContain("Dry run");
      expect(user.asked).toHaveLength(0);
      const cancelled = await user.setup({ skill: "npm-cancel" });
      expect(cancelled.isError).toBeFalsy();
      expect(textOf(cancelled)).toMatch(/^Nothing was installed: the user cancelled/);
      expect(user.asked).toHaveLength(1);
      expect(await user.ready("npm-cancel")).toBe(false);
    } finally {
      await conn.close();
      await rm(root2, { recursive: true, force: true });
    }
  });
});
