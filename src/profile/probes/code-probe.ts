import type { CodeLang } from "../../exec/index.js";
import { codeBlock, clip } from "../graders/answer.js";
import { expectOutputs, runProgram, describeFailure, type ProgramCase } from "../graders/sandbox.js";
import { fail, pass, says, type InstanceBody, type Verdict } from "../probe.js";
import { runSucceeded } from "../../exec/index.js";

export interface CodeProbeSpec {
  lang: CodeLang;
  /** The fence tag asked for (python, javascript, bash). */
  tag: string;
  task: string;
  reference: string;
  nearMiss: string;
  /** Hidden inputs and the stdout they must produce. */
  cases: (ProgramCase & { expected: string })[];
  /** "json": stdout is parsed and compared as a value (key order and spacing free). */
  compare?: "text" | "json";
}

const fence = (tag: string, code: string) => `\`\`\`${tag}\n${code.trimEnd()}\n\`\`\``;

/** A "write a program" instance: the program runs on hidden inputs and must print the right thing. */
export function codeProbe(spec: CodeProbeSpec): InstanceBody {
  const tags = [spec.tag, ...(spec.tag === "bash" ? ["sh", "shell"] : spec.tag === "javascript" ? ["js", "mjs"] : spec.tag === "python" ? ["py", "python3"] : [])];
  return {
    prompt: `${spec.task}\n\nReply with the complete program in one fenced code block tagged ${spec.tag}. It will be run on other inputs than the example.`,
    reference: says(fence(spec.tag, spec.reference)),
    nearMiss: says(fence(spec.tag, spec.nearMiss)),
    async grade(outcome, { signal }) {
      const code = codeBlock(outcome.text, tags);
      if (code === undefined || !code.trim()) return fail(`no ${spec.tag} code block in the reply`);
      if (spec.compare === "json") return expectJson(spec.lang, code, spec.cases, signal);
      return expectOutputs(spec.lang, code, spec.cases, signal);
    },
  };
}

async function expectJson(lang: CodeLang, code: string, cases: CodeProbeSpec["cases"], signal?: AbortSignal): Promise<Verdict> {
  for (const [i, c] of cases.entries()) {
    const r = await runProgram(lang, code, c, signal);
    if (!runSucceeded(r)) return fail(`hidden case ${i + 1}: ${describeFailure(r)}`);
    let got: unknown;
    try {
      got = JSON.parse(r.stdout);
    } catch {
      return fail(`hidden case ${i + 1}: output is not JSON: ${clip(r.stdout)}`);
    }
    if (!sameJson(got, JSON.parse(c.expected))) return fail(`hidden case ${i + 1}: expected ${clip(c.expected)}, got ${clip(JSON.stringify(got))}`);
  }
  return pass();
}

/** Deep equality of JSON values; object key order does not matter, array order does. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameJson(ka, kb) && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}
