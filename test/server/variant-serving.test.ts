// Serving per session: the same skill, served over HTTP to two sessions at once whose clients
// map to different capability profiles, comes back as the qwen3.5-9b variant to one and as the
// base to the other, through load_skill, prompts, skill:// resources and list_skills.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttp } from "../helpers/server.js";
import { OPUS, QWEN, writeSalesReport } from "../helpers/pass1-skill.js";

const textOf = (r: object) => (((r as { content?: unknown }).content ?? []) as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";
const LONG_NOTE = "> **skvm (gen.text.long):** write this long output section by section";

interface Listed {
  skills: { name: string; compiledFor: { profile: string | null; served: string; edits: number; origin?: string } }[];
}

describe("variants served per session", () => {
  let root: string;
  let http: Awaited<ReturnType<typeof startHttp>>;
  const clients: Client[] = [];

  async function session(name: string, era: "2025-11-25" | "2026-07-28" = "2025-11-25"): Promise<Client> {
    const client = new Client({ name, version: "1" }, era === "2026-07-28" ? { versionNegotiation: { mode: { pin: era } } } : {});
    await client.connect(new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`)));
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-variant-serving-"));
    await writeSalesReport(join(root, "skills"));
    await writeFile(join(root, "config.json"), JSON.stringify({ profiles: { clients: { "small-host": QWEN, "big-host": OPUS } } }));
    http = await startHttp(["--skills", join(root, "skills"), "--compiled", join(root, "compiled")], { SKVM_HOME: join(root, "home"), SKVM_CONFIG: join(root, "config.json") });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await http?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it("gives each session the variant of its own profile, at the same time", async () => {
    const [small, big] = await Promise.all([session("small-host"), session("big-host")]);
    const [forSmall, forBig] = await Promise.all([
      small.callTool({ name: "load_skill", arguments: { name: "sales-report" } }),
      big.callTool({ name: "load_skill", arguments: { name: "sales-report" } }),
    ]);
    const skillDir = join(root, "skills", "sales-report");
    expect(textOf(forSmall)).toContain(LONG_NOTE);
    expect(textOf(forSmall)).toContain(`compiled for capability profile ${QWEN}`);
    // tool.exec lowered: the prose path is absolute, with the skill's real folder filled in.
    expect(textOf(forSmall)).toContain(`described in ${skillDir}/references/output.md.`);
    expect(textOf(forBig)).not.toContain("skvm (");
    expect(textOf(forBig)).toContain("described in references/output.md.");

    const [promptSmall, promptBig] = await Promise.all([small.getPrompt({ name: "sales-report", arguments: {} }), big.getPrompt({ name: "sales-report", arguments: {} })]);
    const promptText = (p: typeof promptSmall) => (p.messages[0]!.content as { text: string }).text;
    expect(promptText(promptSmall)).toContain(LONG_NOTE);
    expect(promptText(promptBig)).not.toContain(LONG_NOTE);

    const [resSmall, resBig] = await Promise.all([small.readResource({ uri: "skill://sales-report/SKILL.md" }), big.readResource({ uri: "skill://sales-report/SKILL.md" })]);
    expect((resSmall.contents[0] as { text: string }).text).toContain(LONG_NOTE);
    expect((resBig.contents[0] as { text: string }).text).not.toContain(LONG_NOTE);
  });

  it("list_skills says which profile each skill is compiled for and how many edits; per-skill tools say it too", async () => {
    const small = await session("small-host");
    const big = await session("big-host");
    const listed = (r: object) => JSON.parse(textOf(r)) as Listed;
    const forSmall = listed(await small.callTool({ name: "list_skills", arguments: {} })).skills[0]!.compiledFor;
    const forBig = listed(await big.callTool({ name: "list_skills", arguments: {} })).skills[0]!.compiledFor;
    expect(forSmall).toMatchObject({ profile: QWEN, served: "variant", origin: "on-demand" });
    expect(forSmall.edits).toBeGreaterThanOrEqual(2);
    expect(forBig).toMatchObject({ profile: OPUS, served: "base", edits: 0 });
    const tool = (await small.listTools()).tools.find((t) => t.name === "sales-report");
    expect(tool?.description).toContain(`[instructions compiled for profile ${QWEN}: ${forSmall.edits} edit(s)]`);
    const bigTool = (await big.listTools()).tools.find((t) => t.name === "sales-report");
    expect(bigTool?.description).toBe("Analyse a sales CSV and write a report on it.");
  });

  it("gives a 2026-07-28 client (no session: the profile follows each request's client info) the variant of its own profile", async () => {
    const [small, big] = await Promise.all([session("small-host", "2026-07-28"), session("big-host", "2026-07-28")]);
    expect(textOf(await small.callTool({ name: "load_skill", arguments: { name: "sales-report" } }))).toContain(LONG_NOTE);
    expect(textOf(await big.callTool({ name: "load_skill", arguments: { name: "sales-report" } }))).not.toContain("skvm (");
    const prompt = await small.getPrompt({ name: "sales-report", arguments: {} });
    expect((prompt.messages[0]!.content as { text: string }).text).toContain(LONG_NOTE);
    const listed = JSON.parse(textOf(await small.callTool({ name: "list_skills", arguments: {} }))) as Listed;
    expect(listed.skills[0]!.compiledFor).toMatchObject({ profile: QWEN, served: "variant" });
  });

  it("a session with no profile gets the base", async () => {
    const other = await session("unmapped-host");
    const text = textOf(await other.callTool({ name: "load_skill", arguments: { name: "sales-report" } }));
    expect(text).not.toContain("skvm (");
    expect(text.startsWith("---\nname: sales-report")).toBe(true);
  });
});
