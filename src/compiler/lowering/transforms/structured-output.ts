import { parse as parseYaml } from "yaml";
import type { Gap } from "../../capability/contract.js";
import type { Fence } from "../document.js";
import type { Edit } from "../edit.js";
import { locateEvidence, noteAfter, toolCall, type Located, type Transform, type TransformContext } from "./transform.js";

const NAME = "structured-output";
const DATA_FENCES = new Set(["json", "jsonc", "json5", "yaml", "yml"]);

/**
 * gen.text.structured: the output's example becomes a JSON Schema (inferred from the example,
 * which stays as the filled example beside it), and the model checks its answer through
 * `run_code` before giving it. With no example to infer from, only the check is added.
 */
export const structuredOutput: Transform = {
  name: NAME,
  serves: (primitive) => primitive === "gen.text.structured",
  apply(ctx, gap) {
    const seen = new Set<number>();
    return locateEvidence(ctx, gap).flatMap((at) => {
      const fence = ctx.doc.fenceAt(at.index) ?? dataFenceNear(ctx, at.index);
      if (fence && seen.has(fence.open)) return [];
      if (fence) seen.add(fence.open);
      return [lowerOutput(ctx, gap, at, fence)];
    });
  },
};

function lowerOutput(ctx: TransformContext, gap: Gap, at: Located, fence: Fence | undefined): Edit {
  const check = toolCall("run_code", { skill: ctx.skill, language: "python", code: "import json,sys; json.load(sys.stdin); print('ok')", stdin: "<your output>" });
  const example = fence && parseExample(ctx.doc.lines.slice(fence.open + 1, fence.close).join("\n"), fence.lang);
  if (example === undefined) {
    return noteAfter(ctx, NAME, gap, at, `before answering, check that your structured output parses: ${check}.`);
  }
  const schema = JSON.stringify(schemaOf(example));
  const where = { evidence: at.evidence, index: fence!.open };
  const format = fence!.lang.startsWith("y") ? "YAML (parse it with `yaml.safe_load` to check)" : "JSON";
  return noteAfter(ctx, NAME, gap, where, `the example above is the filled shape; your output must be ${format} matching this JSON Schema, and you check it with ${check} before answering:`, ["", "```json", schema, "```"]);
}

/** A JSON/YAML block starting within a few lines after the ask: the shape it refers to. */
function dataFenceNear(ctx: TransformContext, index: number): Fence | undefined {
  return ctx.doc.fences.find((f) => f.open > index && f.open <= index + 8 && (DATA_FENCES.has(f.lang) || f.lang === ""));
}

function parseExample(text: string, lang: string): unknown {
  try {
    const value: unknown = lang.startsWith("y") ? parseYaml(text) : JSON.parse(text);
    return value !== null && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The JSON Schema an example value shows: types, every key required, arrays by their first item. */
export function schemaOf(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) return value.length ? { type: "array", items: schemaOf(value[0]) } : { type: "array" };
  if (value === null) return { type: "null" };
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return { type: "object", properties: Object.fromEntries(entries.map(([k, v]) => [k, schemaOf(v)])), required: entries.map(([k]) => k) };
  }
  if (typeof value === "number") return { type: Number.isInteger(value) ? "integer" : "number" };
  return { type: typeof value };
}
