// env_setup as a task (2026-07-28, stdio): the user's consent is asked first, inside the call, as
// an InputRequiredResult (SEP-2663: questions before a task go through the multi-round-trip flow,
// resolved before the CreateTaskResult); declined, nothing is installed and no task is made;
// accepted, the install runs as a task. The install is real: an npm package from the registry
// into the skill's own prefix, as in env-setup-consent.test.ts.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ElicitResult } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";
import { acceptTaskHandles, callAsTask, pollUntilEnded, tasksClient } from "../helpers/tasks-client.js";

const textOf = (r: object) => (((r as { content?: unknown }).content ?? []) as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

describe("env_setup as a task, after the user's consent", () => {
  let root: string;
  let s: Connected;
  const answers: ElicitResult["action"][] = [];
  const asked: string[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-task-env-"));
    await writeSkill(join(root, "skills"), "needs-npm", {
      "SKILL.md": skillMd("needs-npm", "Uses an npm package", "# Run\n\n```bash\nnode scripts/main.cjs 42\n```\n"),
      "scripts/main.cjs": "const isNumber = require('is-number');\nconsole.log(`is number: ${isNumber(process.argv[2])}`);\n",
    });
    const client = tasksClient("consenting", { elicitation: {} });
    client.setRequestHandler("elicitation/create", async (req) => {
      asked.push(req.params.message);
      return { action: answers.shift() ?? "cancel" };
    });
    s = await connectStdio(["--skills", join(root, "skills"), "--compiled", join(root, "compiled")], { SKVM_HOME: join(root, "home") }, client);
    acceptTaskHandles(s.client.transport!);
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await rm(root, { recursive: true, force: true });
  });

  // Neither installs anything, so neither is worth a task: the call itself answers.
  it.each([
    { what: "a dry run", args: { dryRun: true }, answer: undefined, says: "Dry run (nothing installed)", questions: 0 },
    { what: "declined consent", args: {}, answer: "decline" as const, says: "Nothing was installed: the user declined", questions: 1 },
  ])("$what: the call answers in place, no task", async ({ args, answer, says, questions }) => {
    if (answer) answers.push(answer);
    const call = await callAsTask(s.client, "env_setup", { skill: "needs-npm", ...args });
    expect(call.task).toBeUndefined();
    expect(textOf(call.result!)).toContain(says);
    expect(asked).toHaveLength(questions);
  }, 120_000);

  it("accepted: the install runs as a task that ends with the skill ready", async () => {
    answers.push("accept");
    const call = await callAsTask(s.client, "env_setup", { skill: "needs-npm" }, 180_000);
    expect(asked).toHaveLength(2);
    expect(asked[1]).toContain("is-number");
    expect(call.task, call.result ? textOf(call.result) : "").toBeDefined();
    // The question's state stays with the question: the task carries none of it.
    expect(call.task).not.toHaveProperty("requestState");
    expect(call.task).not.toHaveProperty("inputRequests");
    const done = (await pollUntilEnded(s.client, call.task!.taskId, 180_000)).at(-1)!;
    expect(done.status, done.statusMessage).toBe("completed");
    expect(done.result?.isError).toBeFalsy();
    expect(textOf(done.result!)).toContain('skill "needs-npm" is ready');
    // Ready now: its scripts run.
    const run = await s.client.callTool({ name: "run_script", arguments: { skill: "needs-npm", script: "scripts/main.cjs", args: ["42"] } });
    expect(textOf(run)).toContain("is number: true");
  }, 240_000);
});
