import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSkills, workflowSkill, type Served } from "./fixtures.js";

const SECRET = `FAKE_SECRET_${process.pid}_${Date.now()}`;

// Each JS step tries one thing a transform must not do, or one it may.
const STEPS = [
  "inputs:",
  "  target: none",
  "  source: none",
  "nodes:",
  "  - { id: env, run: { js: 'return Object.keys(process.env)' } }",
  "  - { id: secret, run: { js: 'return process.env.FAKE_SECRET ?? process.env.SKVM_TOKEN ?? null' } }",
  "  - { id: spawn, run: { js: 'const cp = await import(\"node:child_process\"); return cp.execFileSync(\"id\").toString()' } }",
  "  - { id: write, run: { js: 'const fs = await import(\"node:fs\"); fs.writeFileSync(inputs.target, \"x\"); return \"wrote\"' } }",
  "  - { id: read, run: { js: 'const fs = await import(\"node:fs\"); return fs.readFileSync(inputs.source, \"utf8\").split(\"\\n\")[0]' } }",
].join("\n");

// Node says "Access to this API has been restricted" (ERR_ACCESS_DENIED); the code does not cross the worker boundary.
const DENIED = /ERR_ACCESS_DENIED|restricted/;

type Report = { nodes: { id: string; status: string; output?: unknown; error?: string }[] };

describe("run_workflow: JS steps run under Node's permission model with a scrubbed environment", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveSkills({ "wf-perm": { "SKILL.md": workflowSkill("wf-perm", STEPS) } }, { FAKE_SECRET: SECRET, SKVM_TOKEN: SECRET });
  });
  afterAll(() => s?.close());

  it("a step sees no secret, cannot start a process or write a file, and can still read one", async () => {
    const cwd = await s.workdir("perm");
    const target = join(cwd, "written-by-step");
    const source = join(s.root, "skills", "wf-perm", "SKILL.md");
    const result = await s.client.callTool({ name: "run_workflow", arguments: { skill: "wf-perm", cwd, inputs: { target, source } } });
    expect(result.structuredContent, JSON.stringify(result.content)).toBeDefined();
    const nodes = Object.fromEntries((result.structuredContent as Report).nodes.map((n) => [n.id, n]));
    expect(nodes.env?.status).toBe("succeeded");
    expect(nodes.env?.output).not.toContain("FAKE_SECRET");
    expect(nodes.env?.output).toContain("PATH");
    expect(nodes.secret).toMatchObject({ status: "succeeded", output: null });
    expect(nodes.spawn).toMatchObject({ status: "failed", error: expect.stringMatching(DENIED) });
    expect(nodes.write).toMatchObject({ status: "failed", error: expect.stringMatching(DENIED) });
    expect(existsSync(target)).toBe(false);
    expect(nodes.read).toMatchObject({ status: "succeeded", output: "---" });
  });
});
