import type { JitLang, ParamValue, TemplateParam } from "./schema.js";

// Kept apart from program.ts (which renders programs with tree-sitter's help): a served call
// needs only this, and must not load the parsers to build its argv.

/** The argv after the program path for a run with these parameter values. */
export function programArgs(lang: JitLang, params: readonly TemplateParam[], values: Readonly<Record<string, ParamValue>>): string[] {
  if (lang === "bash") {
    return params.flatMap((p) => {
      const value = values[p.name] ?? p.default;
      return Array.isArray(value) ? [String(value.length), ...value.map(String)] : [String(value)];
    });
  }
  // A float parameter stays a float in Python even when its value is whole (3 -> 3.0).
  const entries = params.map((p) => {
    const value = values[p.name] ?? p.default;
    const text = lang === "python" && p.type === "number" && Number.isInteger(value) ? (value as number).toFixed(1) : JSON.stringify(value);
    return `${JSON.stringify(p.name)}:${text}`;
  });
  return [`{${entries.join(",")}}`];
}
