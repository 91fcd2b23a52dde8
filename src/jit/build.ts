import type { Parsers } from "../syntax/index.js";
import { exactFingerprint, winnow } from "./fingerprint.js";
import { normalize, type NormalizeContext } from "./normalize/index.js";
import { assignParams } from "./params.js";
import { programExtension, renderProgram } from "./program.js";
import { isPure } from "./purity.js";
import { Template, type JitLang } from "./schema.js";

export interface TemplateSource {
  id: string;
  lang: JitLang;
  kind: Template["kind"];
  title: string;
  code: string;
  /** `SKILL.md:L40-L52`. */
  origin: string;
}

export type BuiltTemplate = { ok: true; template: Template; program: string } | { ok: false; reason: string };

/** Folder of the compiled skill where template programs go. */
export const TEMPLATES_DIR = "templates";

/**
 * A template from a piece of code the skill documents: its fingerprints, named parameters,
 * guard facts and runnable canonical program. `countTokens` measures what regenerating it costs.
 */
export function buildTemplate(source: TemplateSource, parsers: Parsers, ctx: NormalizeContext, countTokens: (text: string) => number): BuiltTemplate {
  const n = normalize(parsers, source.lang, source.code, ctx);
  if (!n) return { ok: false, reason: "too large to fingerprint" };
  if (!n.clean) return { ok: false, reason: `does not parse as ${source.lang}` };
  if (n.tokens.length === 0) return { ok: false, reason: "no code" };
  const { params, slots } = assignParams(source.lang, n.holes);
  const pure = isPure(source.lang, n);
  const file = `${TEMPLATES_DIR}/${source.id}.${programExtension(source.lang, source.code)}`;
  const template = Template.parse({
    id: source.id,
    lang: source.lang,
    origin: source.origin,
    kind: source.kind,
    title: source.title,
    params,
    fingerprint: exactFingerprint(n.tokens),
    tokens: n.tokens,
    kgrams: winnow(n.tokens),
    holes: slots,
    guard: { apis: n.apis, imports: n.imports, control: n.control },
    pure,
    file,
    codeTokens: countTokens(source.code),
  });
  return { ok: true, template, program: renderProgram(source.lang, source.code, n.holes, slots, n.bundled, params, { traceOpens: pure && source.lang === "python" }) };
}
