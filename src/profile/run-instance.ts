import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ModelProvider } from "../model/provider.js";
import { countedComplete, noCalls, runAgent, type ModelCalls } from "./agent-loop.js";
import { startHttpFixture } from "./http-fixture.js";
import type { Outcome, ProbeInstance, Verdict } from "./probe.js";
import { InstanceResult } from "./results.js";

export interface RunSettings {
  maxSteps: number;
  maxTokens: number;
  signal?: AbortSignal;
}

export const DEFAULT_RUN_SETTINGS: Omit<RunSettings, "signal"> = { maxSteps: 12, maxTokens: 4096 };

const ANSWER_SYSTEM = "Answer the task exactly as asked. Follow its output instructions to the letter.";

/** Runs one instance against a provider and grades it. Provider errors propagate (the instance stays unfinished). */
export async function runInstance(instance: ProbeInstance, provider: ModelProvider, settings: RunSettings): Promise<InstanceResult> {
  const t0 = performance.now();
  const tally = noCalls();
  const { verdict, note } = instance.mode === "agent" ? await runAgentInstance(instance, provider, settings, tally) : await runAnswerInstance(instance, provider, settings, tally);
  return InstanceResult.parse({
    key: instance.key,
    primitive: instance.primitive,
    level: instance.level,
    index: instance.index,
    passed: verdict.passed,
    reason: verdict.passed ? undefined : [verdict.reason, note].filter(Boolean).join(" | "),
    calls: tally.calls,
    usage: tally.usage,
    durationMs: performance.now() - t0,
    modelMs: tally.modelMs,
  });
}

async function runAnswerInstance(instance: ProbeInstance, provider: ModelProvider, settings: RunSettings, tally: ModelCalls): Promise<{ verdict: Verdict; note?: string }> {
  const reply = await countedComplete(provider, tally, {
    system: ANSWER_SYSTEM,
    messages: [{ role: "user", content: instance.prompt }],
    maxTokens: settings.maxTokens,
    temperature: 0,
    signal: settings.signal,
  });
  const outcome: Outcome = { text: reply.text, calls: [] };
  return { verdict: await instance.grade(outcome, { signal: settings.signal }) };
}

async function runAgentInstance(instance: ProbeInstance, provider: ModelProvider, settings: RunSettings, tally: ModelCalls): Promise<{ verdict: Verdict; note?: string }> {
  const workspace = await mkdtemp(join(tmpdir(), "skvm-agent-"));
  const server = instance.http ? await startHttpFixture(instance.http) : undefined;
  try {
    const files = { ...instance.files, ...(server ? { "base_url.txt": `${server.url}\n` } : {}) };
    for (const [name, content] of Object.entries(files)) {
      await mkdir(dirname(join(workspace, name)), { recursive: true });
      await writeFile(join(workspace, name), content);
    }
    const run = { provider, prompt: instance.prompt, workspace, extraTools: instance.extraTools, ...settings };
    const outcome = await runAgent(run, tally);
    const verdict = await instance.grade(outcome, { signal: settings.signal });
    const note = `${tally.calls} model calls, ${outcome.calls.length} tool calls${outcome.stepLimitHit ? `, stopped at the ${settings.maxSteps}-step limit` : ""}`;
    return { verdict, note };
  } finally {
    await server?.close();
    await rm(workspace, { recursive: true, force: true });
  }
}
