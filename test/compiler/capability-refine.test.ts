// `skvm compile --refine`: a model reviews the rules' requirement analysis through the provider
// interface. Here the model is an OpenAI-compatible API on loopback with scripted answers: claims
// with real evidence are kept, claims with bad evidence dropped with a diagnostic, a garbled answer
// leaves the rules' result, and answers are cached by skill hash and model.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RequirementReport } from "../../src/compiler/capability/contract.js";
import { Manifest } from "../../src/compiler/manifest.js";
import { skvm } from "../helpers/cli.js";
import { chatAnswer, ScriptedModelServer } from "../helpers/model-server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const BODY = ["# Orders", "", "Check each order id against the ORD-dddddd rule before you file it.", "", "Write a comprehensive report of the orders."].join("\n");
/** Line 7 of SKILL.md: the frontmatter takes lines 1-4, the body starts on line 5. */
const RULE_LINE = 7;

let root: string;
let server: ScriptedModelServer | undefined;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "skvm-refine-"));
  await writeFile(join(root, "config.json"), "{}");
  await writeSkill(join(root, "skills"), "orders", { "SKILL.md": skillMd("orders", "File orders.", BODY) });
  await writeSkill(join(root, "skills"), "garbled", { "SKILL.md": skillMd("garbled", "Another skill.", BODY) });
  // Its own state folder, so the answer cache starts empty and is removed with the test.
  env = { SKVM_CONFIG: join(root, "config.json"), SKVM_HOME: join(root, "home"), SKVM_API_KEY: "test-key" };
});
afterEach(async () => server?.stop());
afterAll(() => rm(root, { recursive: true, force: true }));

const claims = (list: unknown[]) => chatAnswer({ text: `Here is my review:\n\`\`\`json\n${JSON.stringify({ claims: list })}\n\`\`\`` });

const refineArgs = (url: string, skill: string, ...extra: string[]) => [
  "compile", `skills/${skill}`, "--out", "compiled", "--json", "--refine", "--provider", "openai", "--model", "test-model", "--base-url", `${url}/v1`, ...extra,
];

const capabilities = async (name: string) => RequirementReport.parse(JSON.parse(await readFile(join(root, "compiled", name, "capabilities.json"), "utf8")));
const manifest = async (name: string) => Manifest.parse(JSON.parse(await readFile(join(root, "compiled", name, "manifest.json"), "utf8")));

describe("skvm compile --refine through an OpenAI-compatible API on loopback", () => {
  it("keeps a claim whose line and quote match, drops the ones that do not (with diagnostics), and caches the answer", async () => {
    server = new ScriptedModelServer([
      claims([
        { id: "gen.regex", level: 2, file: "SKILL.md", line: RULE_LINE, text: "against the ORD-dddddd rule", why: "the model must write a pattern for order ids" },
        { id: "reason.logic", level: 3, file: "SKILL.md", line: RULE_LINE, text: "a sentence that is not there", why: "made up" },
        { id: "tool.web", level: 1, file: "SKILL.md", line: 99, text: "Fetch", why: "past the end" },
      ]),
    ]);
    const url = await server.start();
    const first = await skvm(refineArgs(url, "orders"), root, env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).refinedBy).toBe("openai/test-model");
    expect(server.seen).toHaveLength(1);
    // The model sees the skill with SKILL.md line numbers, which its claims must cite.
    expect(JSON.stringify(server.seen[0]!.body.messages)).toContain(`${RULE_LINE}: Check each order id`);

    const report = await capabilities("orders");
    expect(report.refinedBy).toBe("openai/test-model");
    expect(report.requirements.map((r) => [r.id, r.level, r.source])).toEqual([
      ["gen.text.long", 2, "rules"],
      ["gen.regex", 2, "provider"],
    ]);
    expect(report.requirements[1]!.evidence).toEqual([{ file: "SKILL.md", line: RULE_LINE, text: "against the ORD-dddddd rule", why: "the model must write a pattern for order ids" }]);
    const m = await manifest("orders");
    expect(m.capabilities).toEqual({ required: { "gen.text.long": 2, "gen.regex": 2 }, profile: "default", refinedBy: "openai/test-model" });
    const dropped = m.diagnostics.filter((d) => d.code === "CAPABILITY_CLAIM_DROPPED");
    expect(dropped.map((d) => [d.file, d.line])).toEqual([["orders/SKILL.md", RULE_LINE], ["orders/SKILL.md", 99]]);
    expect(dropped[0]!.message).toContain("reason.logic L3");

    // A forced recompile redoes every pass, but the review comes from the cache: no second request.
    const second = await skvm(refineArgs(url, "orders", "--force"), root, env);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).results[0].status).toBe("compiled");
    expect(server.seen).toHaveLength(1);
    expect((await capabilities("orders")).requirements.map((r) => r.id)).toEqual(["gen.text.long", "gen.regex"]);
  });

  it("a garbled answer leaves the rules' result and says so; without --refine no model is asked", async () => {
    server = new ScriptedModelServer([chatAnswer({ text: "Sure! The skill needs regexes, I think." })]);
    const url = await server.start();
    const refined = await skvm(refineArgs(url, "garbled"), root, env);
    expect(refined.code, refined.stderr).toBe(0);
    const report = await capabilities("garbled");
    expect(report.refinedBy).toBeUndefined();
    expect(report.requirements.map((r) => [r.id, r.level, r.source])).toEqual([["gen.text.long", 2, "rules"]]);
    expect((await manifest("garbled")).diagnostics.map((d) => d.code)).toContain("CAPABILITY_REFINE_UNREADABLE");

    const asked = server.seen.length;
    const plain = await skvm(["compile", "skills/garbled", "--out", "compiled", "--json", "--force"], root, { ...env, SKVM_PROVIDER: "openai", SKVM_BASE_URL: `${url}/v1` });
    expect(plain.code, plain.stderr).toBe(0);
    expect(server.seen.length).toBe(asked);
    expect((await manifest("garbled")).capabilities).toEqual({ required: { "gen.text.long": 2 }, profile: "default" });
  });
});
