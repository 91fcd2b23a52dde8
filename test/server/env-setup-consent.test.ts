// env_setup asks the user before it installs: a 2025-era client through elicitation sent from
// inside the tool call (stdio, Streamable HTTP, legacy SSE), a 2026-07-28 client through the
// call's InputRequiredResult, which its SDK fulfils and retries (stdio, Streamable HTTP). The install itself is real: an npm package from the
// registry into the skill's own prefix, as in env-exposure.test.ts.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, SSEClientTransport, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { ElicitResult } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, startHttp } from "../helpers/server.js";
import { caseName, ERA_CASES, pinFor, type Era, type TransportKind } from "../helpers/eras.js";
import { listedWhenChecked } from "../helpers/list-skills.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: object) => (((r as { content?: unknown }).content ?? []) as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";
const INSTALL_TIMEOUT = { timeout: 180_000 };

const skillOf = (c: { transport: TransportKind; era: Era }) => `npm-${caseName(c)}`;

/**
 * A client whose user answers each question from `answers`, in order. It records every question
 * and whether a tool call was still running when it came.
 */
function consentingClient(answers: ElicitResult["action"][], era: Era = "legacy") {
  const client = new Client({ name: "consent", version: "0" }, { capabilities: { elicitation: {} }, ...pinFor(era) });
  const asked: { message: string; duringCall: boolean }[] = [];
  let calls = 0;
  client.setRequestHandler('elicitation/create', async (req) => {
    asked.push({ message: req.params.message, duringCall: calls > 0 });
    return { action: answers.shift() ?? "cancel" };
  });
  const setup = async (args: { skill: string; dryRun?: boolean }) => {
    calls++;
    try {
      return await client.callTool({ name: "env_setup", arguments: args }, INSTALL_TIMEOUT);
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
    for (const name of ERA_CASES.map(skillOf)) {
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

  async function connect(kind: TransportKind, client: Client): Promise<() => Promise<void>> {
    if (kind === "stdio") return (await connectStdio(stdioArgs(), {}, client)).close;
    const transport =
      kind === "sse" ? new SSEClientTransport(new URL(`${http.url}/sse`)) : new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`), { fetch: callStreamOnly });
    await client.connect(transport);
    return () => client.close();
  }

  for (const { transport: kind, era } of ERA_CASES) {
    it(`over ${kind}, protocol ${era === "modern" ? "2026-07-28 (InputRequiredResult)" : "2025-11-25 (elicitation)"}: asks during the call with the plan; declined installs nothing, accepted installs`, async () => {
      const skill = skillOf({ transport: kind, era });
      const user = consentingClient(["decline", "accept"], era);
      const close = await connect(kind, user.client);
      try {
        expect(user.client.getProtocolEra()).toBe(era);
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
