import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSkill, type Requirements, type SkillIR } from "../../src/skill/index.js";
import { lines, tree } from "./fixture.js";

async function loadOk(frontmatter: string[]): Promise<SkillIR> {
  const root = await tree({ "skills/demo/SKILL.md": lines("---", "name: demo", "description: Does a thing.", ...frontmatter, "---", "# Body") });
  const result = await loadSkill(path.join(root, "skills", "demo"));
  if (!result.ok) throw new Error(`expected ok: ${JSON.stringify(result.diagnostics)}`);
  return result.ir;
}

const none: Requirements = { bins: [], anyBins: [], env: [], os: [], install: [] };

describe("requirements from OpenClaw metadata", () => {
  it("reads metadata.openclaw written as one-line JSON inside a string", async () => {
    const ir = await loadOk(["metadata:", `  openclaw: '{"requires":{"bins":["gh"],"env":["GH_TOKEN"]},"os":"darwin"}'`]);
    expect(ir.requirements).toEqual({
      ...none,
      bins: [{ name: "gh", origin: "metadata.openclaw.requires.bins" }],
      env: [{ name: "GH_TOKEN", optional: false, origin: "metadata.openclaw.requires.env" }],
      os: ["darwin"],
    });
    expect(ir.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });

  it("reads the moltbot alias (OpenClaw's interim name) from one-line JSON metadata", async () => {
    const ir = await loadOk([`metadata: {"moltbot":{"emoji":"🗣️","requires":{"bins":["ffmpeg","python3"],"env":["GOOGLE_PLACES_API_KEY"]}}}`]);
    expect(ir.requirements.bins.map((b) => b.name)).toEqual(["ffmpeg", "python3"]);
    expect(ir.requirements.env.map((e) => e.name)).toEqual(["GOOGLE_PLACES_API_KEY"]);
    expect(ir.diagnostics.filter((d) => d.severity === "warning")).toEqual([]);
  });

  it("reads the clawdbot alias written as JSON5 (unquoted keys, single quotes, trailing commas)", async () => {
    const ir = await loadOk(["metadata:", `  clawdbot: "{requires: {bins: ['jq', 'curl',], anyBins: ['python3', 'python']}, install: [{kind: 'node', package: 'json-cli', bins: ['json'],},],}"`]);
    expect(ir.requirements).toEqual({
      ...none,
      bins: [
        { name: "jq", origin: "metadata.clawdbot.requires.bins" },
        { name: "curl", origin: "metadata.clawdbot.requires.bins" },
      ],
      anyBins: [{ names: ["python3", "python"], origin: "metadata.clawdbot.requires.anyBins" }],
      install: [{ kind: "node", package: "json-cli", bins: ["json"], origin: "metadata.clawdbot.install[0]" }],
    });
  });

  it("reads a whole metadata map written as a JSON string, and the clawdis alias, without repeating entries", async () => {
    const ir = await loadOk([`metadata: '{"openclaw":{"requires":{"bins":["git"]}},"clawdis":{"requires":{"bins":["git","go"]},"install":[{"kind":"go","module":"example.com/tool@latest"}]}}'`]);
    expect(ir.requirements.bins).toEqual([
      { name: "git", origin: "metadata.openclaw.requires.bins" },
      { name: "go", origin: "metadata.clawdis.requires.bins" },
    ]);
    expect(ir.requirements.install).toEqual([{ kind: "go", package: "example.com/tool@latest", bins: [], origin: "metadata.clawdis.install[0]" }]);
  });

  it("ignores requires.config, which names harness settings rather than machine needs", async () => {
    const ir = await loadOk([`metadata: {"openclaw": {"requires": {"config": ["browser.enabled"]}}}`]);
    expect(ir.requirements).toEqual(none);
  });

  it("warns on bad shapes and keeps what is usable, never failing the skill", async () => {
    const ir = await loadOk([
      "metadata:",
      "  openclaw:",
      "    requires:",
      "      bins: [gh, 3, {x: 1}]",
      "      env: {A: 1}",
      "    install:",
      "      - {formula: qpdf}",
      "      - kind: brew",
      "        formula: jq",
      "  clawdbot: '{not json at all'",
    ]);
    expect(ir.requirements.bins).toEqual([{ name: "gh", origin: "metadata.openclaw.requires.bins" }]);
    expect(ir.requirements.env).toEqual([]);
    expect(ir.requirements.install).toEqual([{ kind: "brew", package: "jq", bins: [], origin: "metadata.openclaw.install[1]" }]);
    const warnings = ir.diagnostics.filter((d) => d.code === "REQUIREMENTS_INVALID");
    expect(warnings.map((d) => [d.severity, d.line])).toEqual([
      ["warning", 7],
      ["warning", 8],
      ["warning", 9],
      ["warning", 13],
    ]);
    expect(warnings.map((d) => d.message).join("\n")).toContain("metadata.clawdbot");
  });

  it("warns when metadata.openclaw is neither an object nor JSON text of one", async () => {
    const ir = await loadOk(["metadata:", "  openclaw: [gh]"]);
    expect(ir.requirements).toEqual(none);
    expect(ir.diagnostics.some((d) => d.code === "REQUIREMENTS_INVALID" && d.line === 5)).toBe(true);
  });
});

describe("requirements from Hermes fields", () => {
  it("reads required_environment_variables as names or {name, prompt, optional} and platforms as os", async () => {
    const ir = await loadOk([
      "required_environment_variables:",
      "  - OPENAI_API_KEY",
      "  - name: PROXY_URL",
      "    prompt: Proxy to use",
      "    optional: true",
      "  - 42",
      "platforms: [macos, windows, linux]",
    ]);
    expect(ir.requirements).toEqual({
      ...none,
      env: [
        { name: "OPENAI_API_KEY", optional: false, origin: "required_environment_variables" },
        { name: "PROXY_URL", optional: true, origin: "required_environment_variables" },
      ],
      os: ["darwin", "win32", "linux"],
    });
    expect(ir.diagnostics.map((d) => [d.code, d.line])).toEqual([["REQUIREMENTS_INVALID", 4]]);
  });

  it("keeps a variable required when one dialect calls it optional and another requires it", async () => {
    const ir = await loadOk([
      `metadata: {"openclaw": {"requires": {"env": ["TOKEN"]}}}`,
      "required_environment_variables:",
      "  - {name: TOKEN, optional: true}",
    ]);
    expect(ir.requirements.env).toEqual([{ name: "TOKEN", optional: false, origin: "metadata.openclaw.requires.env" }]);
  });
});
