import type { Hole } from "./normalize/index.js";
import { looksLikePath } from "./normalize/emitter.js";
import type { HoleSlot, JitLang, ParamType, ParamValue, Template, TemplateParam } from "./schema.js";

/** Names a direct tool keeps for itself. */
const RESERVED = new Set(["cwd", "stdin"]);

/** `min-length` -> `min_length`; a name that is not an identifier gets one. */
export function paramName(hint: string): string {
  let name = hint.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  if (name === "") name = "value";
  if (/^[0-9]/.test(name)) name = `p_${name}`;
  return RESERVED.has(name) ? `${name}_value` : name.slice(0, 48);
}

/** Shell words are all text; a number written in the template makes a number parameter. */
function typed(lang: JitLang, hole: Hole): { type: ParamType; value: ParamValue } {
  if (lang !== "bash" || typeof hole.value !== "string") return { type: hole.type, value: hole.value };
  if (/^-?\d{1,15}$/.test(hole.value)) return { type: "integer", value: Number(hole.value) };
  if (/^-?\d{1,15}\.\d{1,15}$/.test(hole.value)) return { type: "number", value: Number(hole.value) };
  return { type: "string", value: hole.value };
}

/**
 * Turns parameter holes into named parameters. Holes that carry the same name and the same
 * value are one parameter (`wc -w notes.txt` and `< notes.txt` in one snippet: one `path`).
 */
export function assignParams(lang: JitLang, holes: readonly Hole[]): { params: TemplateParam[]; slots: HoleSlot[] } {
  const params: TemplateParam[] = [];
  const byKey = new Map<string, string>();
  const slots = holes.map((hole): HoleSlot => {
    if (hole.role === "const" || !hole.hint) return { constant: hole.canonical };
    const { type, value } = typed(lang, hole);
    const base = paramName(hole.hint.name);
    // A path written twice is one file, whatever each mention's context would call it.
    const key = typeof hole.value === "string" && looksLikePath(hole.value) ? `path\0${hole.canonical}` : `${base}\0${type}\0${hole.canonical}`;
    const bare = hole.bare ? { bare: true } : {};
    const known = byKey.get(key);
    if (known) {
      if (hole.operand) params.find((p) => p.name === known)!.operand = true;
      return { param: known, ...bare };
    }
    let name = base;
    for (let n = 2; params.some((p) => p.name === name); n++) name = `${base}_${n}`;
    byKey.set(key, name);
    params.push({ name, type, default: value, description: `${hole.hint.source} (line ${hole.line})`, ...(hole.operand ? { operand: true } : {}) });
    return { param: name, ...bare };
  });
  return { params, slots };
}

/** The value (or the first item of a list) that a command would take for an option, if any. */
export function optionLike(param: Pick<TemplateParam, "operand">, value: ParamValue): string | undefined {
  if (!param.operand) return undefined;
  // A lone `-` is stdin, never an option.
  return [value].flat().find((v): v is string => typeof v === "string" && v.startsWith("-") && v !== "-");
}

/** Checks a value against a parameter's type; shell templates accept numbers written as text. */
export function coerceParam(param: Pick<TemplateParam, "type">, value: unknown): ParamValue | undefined {
  switch (param.type) {
    case "string":
      return typeof value === "string" ? value : undefined;
    case "boolean":
      return typeof value === "boolean" ? value : undefined;
    case "integer": {
      const n = typeof value === "string" && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
      return typeof n === "number" && Number.isInteger(n) ? n : undefined;
    }
    case "number": {
      const n = typeof value === "string" && /^-?\d{1,15}(\.\d{1,15})?$/.test(value) ? Number(value) : value;
      return typeof n === "number" && Number.isFinite(n) ? n : undefined;
    }
    case "array":
      return Array.isArray(value) && value.every((v) => ["string", "number", "boolean"].includes(typeof v)) ? (value as ParamValue) : undefined;
  }
}

/** A direct call that cannot run: a bad parameter, or the template's program is gone. */
export class TemplateCallError extends Error {}

/** Values for every parameter: given ones checked against its type, missing ones from the template. */
export function checkParams(template: Template, values: Readonly<Record<string, unknown>>): Record<string, ParamValue> {
  const unknown = Object.keys(values).filter((k) => !template.params.some((p) => p.name === k));
  if (unknown.length) throw new TemplateCallError(`PARAM_UNKNOWN: template "${template.id}" has no parameter ${unknown.join(", ")}; it takes ${template.params.map((p) => p.name).join(", ") || "none"}`);
  const out: Record<string, ParamValue> = {};
  for (const param of template.params) {
    if (values[param.name] === undefined) continue;
    const value = coerceParam(param, values[param.name]);
    if (value === undefined) throw new TemplateCallError(`PARAM_INVALID: ${param.name} must be ${param.type}, got ${JSON.stringify(values[param.name])}`);
    const option = optionLike(param, value);
    if (option !== undefined) {
      throw new TemplateCallError(`PARAM_OPTION_LIKE: template "${template.id}" (${template.origin}) parameter ${param.name} is an operand of a command, and ${JSON.stringify(option)} starts with "-", so the command would read it as an option; hint: for a file of that name pass "./${option}"`);
    }
    out[param.name] = value;
  }
  return out;
}
