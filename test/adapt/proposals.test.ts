import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skvm } from "../helpers/cli.js";
import { tempConfig } from "../helpers/model-config.js";
import { chatAnswer, ScriptedModelServer, type ScriptedAnswer } from "../helpers/model-server.js";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";
const FAILING = 'import sys\nsys.stderr.write("quota exhausted for today\\n")\nsys.exit(3)\n';
const BODY = "# Report\n\nRun the report.\n\n```bash\npython3 scripts/report.py\n```\n";
const NOTE = "Note: the report service allows a few runs a day; when it says the quota is exhausted, stop and tell the user.";
type Listed = { id: string; skill: string; status: string; class: string; refusedReason?: string; failures: string[] };

/**
 * Failures no rule explains, repeating, go to the configured model (an OpenAI-compatible stand-in
 * on loopback here), whose edit is checked by the guard and waits for a person's decision.
 */
describe("proposals: a model proposes, the guard checks, a person decides", () => {
  let root: string;
  let skills: string;
  let compiled: string;
  let model: ScriptedModelServer;
  let config: ReturnType<typeof tempConfig>;
  let conn: Connected;
  const answers: ScriptedAnswer[] = [];
  const cli = (...args: string[]) => skvm([...args, "--skills", skills, "--compiled", compiled], root);
  const call = (name: string, args: Record<string, unknown>) => conn.client.callTool({ name, arguments: args });
  const compiledMd = (skill: string) => readFile(join(compiled, skill, "SKILL.md"), "utf8");
  const proposalsOf = async (skill: string): Promise<Listed[]> =>
    JSON.parse(await readFile(join(compiled, skill, "proposals.json"), "utf8").catch(() => '{"proposals": []}')).proposals;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-proposals-"));
    skills = join(root, "skills");
    compiled = join(root, "compiled");
    for (const name of ["quota-report", "code-report"]) {
      await writeSkill(skills, name, { "SKILL.md": skillMd(name, "Fetches a report that fails for a reason no rule knows", BODY), "scripts/report.py": FAILING });
    }
    model = new ScriptedModelServer(answers);
    const url = await model.start();
    config = tempConfig({ provider: "openai", model: "stand-in", baseUrl: `${url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    conn = await connectStdio(["--skills", skills, "--compiled", compiled], config.env as Record<string, string>);
  });
  afterAll(async () => {
    await conn?.close();
    await model?.stop();
    config?.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  it("a repeated unexplained failure gets a proposal that keeps code and frontmatter, shown to the host and never applied by itself", async () => {
    const original = await compiledMd("quota-report");
    const edited = original.replace("Run the report.\n", `Run the report.\n\n${NOTE}\n`);
    answers.push(chatAnswer({ text: JSON.stringify({ rationale: "the service has a daily quota; say so instead of retrying", skillMd: edited }) }));
    const first = await call("run_script", { skill: "quota-report", script: "scripts/report.py" });
    expect(textOf(first)).toContain("failure recorded as unknown: quota exhausted for today");
    // One failure is not a pattern: nothing is asked of the model yet.
    expect(model.seen).toHaveLength(0);
    await call("run_script", { skill: "quota-report", script: "scripts/report.py" });
    await expect.poll(async () => (await proposalsOf("quota-report")).map((p) => p.status), { timeout: 30_000 }).toEqual(["pending"]);
    expect(model.seen).toHaveLength(1);
    // The model saw the compiled SKILL.md and the failures' real output.
    const sent = JSON.stringify(model.seen[0]!.body);
    expect(sent).toContain("quota exhausted for today");
    expect(sent).toContain("Run the report.");
    const shown = textOf(await call("skill_proposals", {}));
    expect(shown).toContain("the service has a daily quota");
    expect(shown).toContain(NOTE);
    expect(shown).toMatch(/accept: skvm proposals accept q-[0-9a-f]{8}/);
    // Pending is not applied.
    expect(await compiledMd("quota-report")).toBe(original);
  });

  it("an edit that changes a fenced code block is refused by the guard, with the reason", async () => {
    const original = await compiledMd("code-report");
    answers.push(chatAnswer({ text: JSON.stringify({ rationale: "retry", skillMd: original.replace(/(python3 \S+report\.py)/, "$1 || true") }) }));
    await call("run_script", { skill: "code-report", script: "scripts/report.py" });
    await call("run_script", { skill: "code-report", script: "scripts/report.py" });
    await expect.poll(async () => (await proposalsOf("code-report")).map((p) => p.status), { timeout: 30_000 }).toEqual(["refused"]);
    expect((await proposalsOf("code-report"))[0]!.refusedReason).toBe("the edit changes fenced code block 1 (code blocks must stay byte for byte)");
    expect(textOf(await call("skill_proposals", { skill: "code-report" }))).toBe("no pending proposals for code-report");
    // The model is asked again only once the failures doubled: the third failure asks nothing, the fourth does.
    const asked = model.seen.length;
    await call("run_script", { skill: "code-report", script: "scripts/report.py" });
    await call("run_script", { skill: "code-report", script: "scripts/report.py" });
    await expect.poll(async () => (await proposalsOf("code-report")).length, { timeout: 30_000 }).toBe(2);
    expect(model.seen.length).toBe(asked + 1);
    expect((await proposalsOf("code-report"))[1]!.failures).toHaveLength(4);
  });

  it("skvm proposals: list, show, accept applies it as a patch, a refused one cannot be accepted", async () => {
    const listed = JSON.parse((await cli("proposals", "list", "--json")).stdout).proposals as Listed[];
    const pending = listed.find((p) => p.skill === "quota-report")!;
    const refused = listed.find((p) => p.skill === "code-report")!;
    expect(pending).toMatchObject({ status: "pending", class: "unknown" });
    expect(pending.failures).toHaveLength(2);
    const show = await cli("proposals", "show", pending.id);
    expect(show.stdout).toContain(`+ ${NOTE}`);
    expect((await cli("proposals", "accept", refused.id)).stderr).toContain(`PROPOSAL_NOT_PENDING: proposal ${refused.id} of code-report is refused`);
    const accepted = await cli("proposals", "accept", pending.id, "--json");
    expect(accepted.code).toBe(0);
    const { patch } = JSON.parse(accepted.stdout);
    expect(await compiledMd("quota-report")).toContain(NOTE);
    const patches = JSON.parse((await cli("patches", "quota-report", "--json")).stdout).patches;
    expect(patches).toMatchObject([{ id: patch, kind: "edit", proposal: pending.id, status: "applied" }]);
    expect((await proposalsOf("quota-report"))[0]).toMatchObject({ status: "accepted", patch });
  });
});
