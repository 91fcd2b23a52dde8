import { createHash, randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSkills, workflowSkill, type Served } from "../dag/fixtures.js";
import { skillMd } from "../helpers/skill-fixtures.js";

const MiB = 1024 * 1024;
/** The SDK stdio client drops any line over this; every response must stay under it. */
const CLIENT_LINE_LIMIT = 10 * MiB;

type Content = { type: string; text?: string; resource?: { blob?: string } };
const contentOf = (r: { content: unknown }) => r.content as Content[];
const textOf = (r: { content: unknown }) => contentOf(r).find((c) => c.type === "text")?.text ?? "";
const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

// 8 MiB of random bytes: base64 in one message would be 10.7 MiB, over the client's line limit.
const BLOB = randomBytes(8 * MiB);
// Multi-byte characters (2, 3 and 4 bytes) so read parts fall inside characters.
const TEXT = "é€😀 line\n".repeat(Math.ceil((1.5 * MiB) / 14));

describe("every response is bounded before it is built (stdio)", () => {
  let served: Served;
  beforeAll(async () => {
    served = await serveSkills({
      big: {
        "SKILL.md": skillMd("big", "Bundles a large binary and a large text file."),
        "assets/blob.bin": BLOB as unknown as string,
        "references/long.md": TEXT,
      },
      steps: {
        "SKILL.md": workflowSkill(
          "steps",
          [
            "nodes:",
            "  - { id: huge, run: { js: 'return \"x\".repeat(10 * 1024 * 1024)' } }",
            "  - { id: small, run: { js: 'return 41' } }",
            "  - { id: after, dependsOn: small, run: { js: 'return deps.small + 1' } }",
          ].join("\n"),
        ),
      },
    });
  }, 120_000);
  afterAll(async () => {
    await served?.close();
    if (served) await rm(served.root, { recursive: true, force: true });
  });

  it("sends 1 MiB of control characters once, cut by its escaped size, and stays connected", async () => {
    const code = "import sys\nsys.stdout.write('\\x01' * (1024 * 1024))\n";
    const result = await served.client.callTool({ name: "run_code", arguments: { skill: "big", language: "python", code } });
    expect(jsonBytes(result)).toBeLessThan(CLIENT_LINE_LIMIT);
    expect(textOf(result)).toContain("--- stdout (truncated) ---");
    expect(result.structuredContent).toMatchObject({ exitCode: 0, outputInText: true });
    expect((result.structuredContent as { stdout: string }).stdout.length).toBeLessThan(4096);
    expect(served.transportErrors).toEqual([]);
    expect((await served.client.listTools()).tools.length).toBeGreaterThan(0);
  }, 60_000);

  it("keeps small output whole in both the text and the structured content", async () => {
    const result = await served.client.callTool({ name: "run_code", arguments: { skill: "big", language: "bash", code: "echo hello" } });
    expect(result.structuredContent).toMatchObject({ stdout: "hello\n" });
    expect((result.structuredContent as Record<string, unknown>).outputInText).toBeUndefined();
    expect(textOf(result)).toContain("hello");
  }, 30_000);

  it("serves an 8 MiB binary in parts that reassemble to the same bytes", async () => {
    const parts: Buffer[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const result = await served.client.callTool({ name: "read_skill_file", arguments: { skill: "big", path: "assets/blob.bin", offset } });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(jsonBytes(result)).toBeLessThan(2 * MiB);
      parts.push(Buffer.from(contentOf(result)[0]?.resource?.blob ?? "", "base64"));
      const next: string | undefined = /"offset":(\d+)/.exec(textOf(result))?.[1];
      offset = next === undefined ? undefined : Number(next);
      expect(parts.length).toBeLessThan(20);
    }
    const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
    expect(sha(Buffer.concat(parts))).toBe(sha(BLOB));
  }, 60_000);

  it("cuts text parts on whole characters, so they join to the file", async () => {
    let joined = "";
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const result = await served.client.callTool({ name: "read_skill_file", arguments: { skill: "big", path: "references/long.md", offset, length: 100_001 } });
      joined += contentOf(result)[0]?.text ?? "";
      const next: string | undefined = /"offset":(\d+)/.exec(contentOf(result)[1]?.text ?? "")?.[1];
      offset = next === undefined ? undefined : Number(next);
    }
    expect(joined).toBe(TEXT);
  }, 60_000);

  it("refuses a resource too large for one message and says how to read it", async () => {
    await expect(served.client.readResource({ uri: "skill://big/assets/blob.bin" })).rejects.toThrow(/FILE_TOO_LARGE.*read_skill_file/);
    expect(served.transportErrors).toEqual([]);
  }, 30_000);

  it("fails a JS step whose result passes the run's output budget, in its worker, and runs the rest", async () => {
    const result = await served.client.callTool({ name: "run_workflow", arguments: { skill: "steps" } });
    expect(jsonBytes(result)).toBeLessThan(MiB);
    const nodes = (result.structuredContent as { nodes: { id: string; status: string; error?: string; output?: unknown }[] }).nodes;
    expect(nodes.find((n) => n.id === "huge")).toMatchObject({ status: "failed", error: expect.stringContaining("STEP_RESULT_TOO_LARGE") });
    expect(nodes.find((n) => n.id === "after")).toMatchObject({ status: "succeeded", output: 42 });
  }, 60_000);

  it("answers a request over the line limit with an error for its id, and keeps serving", async () => {
    const code = `# ${"y".repeat(11 * MiB)}\necho hi`;
    await expect(served.client.callTool({ name: "run_code", arguments: { skill: "big", language: "bash", code } })).rejects.toThrow(/REQUEST_TOO_LARGE/);
    expect((await served.client.listTools()).tools.length).toBeGreaterThan(0);
    expect(served.stderr()).toMatch(/refused a message of \d+ bytes/);
  }, 60_000);
});
