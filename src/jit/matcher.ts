import type { Parsers } from "../syntax/index.js";
import { firstDifference, missingFrom, sequenceSimilarity } from "./align.js";
import { exactFingerprint, winnow } from "./fingerprint.js";
import { normalize, type NormalizeContext, type Normalized } from "./normalize/index.js";
import { coerceParam } from "./params.js";
import type { JitLang, MatchResult, ParamValue, Template } from "./schema.js";
import type { IndexedTemplate, TemplateIndex } from "./template-index.js";

/** k-gram similarity at which code counts as a near match of a template (when its guards pass). */
export const NEAR_THRESHOLD = 0.7;

export interface MatchRequest {
  lang: JitLang;
  code: string;
  skill?: string;
  /** Bundled files and folder of the skill, so its script paths normalize in any spelling. */
  context: NormalizeContext;
}

const none = (differs: string[], extra: Partial<MatchResult> = {}): MatchResult => ({ matched: false, kind: "none", score: 0, params: {}, differs, ...extra });

/** Matches code against the index: exact fingerprint first, then near candidates behind guards. */
export function matchCode(index: TemplateIndex, parsers: Parsers, req: MatchRequest): MatchResult {
  const n = normalize(parsers, req.lang, req.code, req.context);
  return n ? matchNormalized(index, n, req) : none(["code too large to fingerprint"]);
}

/** `matchCode` for code already normalized (the runtime keeps the stream to resolve paths). */
export function matchNormalized(index: TemplateIndex, n: Normalized, req: Pick<MatchRequest, "lang" | "skill">): MatchResult {
  const scope = { lang: req.lang, ...(req.skill ? { skill: req.skill } : {}) };
  const exact = index.exact(exactFingerprint(n.tokens), scope);
  if (exact.length > 0) {
    const bound = exact.map((entry) => bind(entry, n)).sort((a, b) => a.differs.length - b.differs.length);
    return bound[0]!;
  }
  const candidates = index
    .near(winnow(n.tokens), scope)
    .map(({ entry, score }) => ({ entry, score: Math.max(score, sequenceSimilarity(entry.template.tokens, n.tokens) ?? 0) }))
    .sort((a, b) => b.score - a.score);
  for (const { entry, score } of candidates) {
    if (score < NEAR_THRESHOLD) break;
    const failed = guardFailures(entry.template, n);
    if (failed.length === 0) return near(entry, score, n);
  }
  const best = candidates[0];
  if (!best) return none([`no ${req.lang} template${req.skill ? ` in skill "${req.skill}"` : ""}`]);
  const differs = [...guardFailures(best.entry.template, n), ...explain(best.entry.template, n)];
  return none(differs, { skill: best.entry.skill, template: best.entry.template.id, title: best.entry.template.title, score: round(best.score) });
}

/** Same structure: bind every hole; parameters must fit the schema and constants must agree. */
function bind(entry: IndexedTemplate, n: Normalized): MatchResult {
  const { template } = entry;
  const params: Record<string, ParamValue> = {};
  const differs: string[] = [];
  template.holes.forEach((slot, i) => {
    const hole = n.holes[i];
    if (!hole) return differs.push(`hole ${i} is missing`);
    if ("constant" in slot) {
      if (slot.constant !== hole.canonical) differs.push(`line ${hole.line}: ${hole.canonical} where the template has ${slot.constant}`);
      return;
    }
    const tilde = [hole.value].flat().some((v) => typeof v === "string" && v.startsWith("~"));
    if (tilde && Boolean(slot.bare) !== Boolean(hole.bare)) {
      return differs.push(`line ${hole.line}: ${hole.canonical} is ${hole.bare ? "unquoted" : "quoted"} where the template's is not, so ~ would expand differently`);
    }
    const param = template.params.find((p) => p.name === slot.param)!;
    const value = coerceParam(param, hole.value);
    if (value === undefined) return differs.push(`line ${hole.line}: ${param.name} must be ${param.type}, got ${hole.canonical}`);
    const seen = params[param.name];
    if (seen !== undefined && JSON.stringify(seen) !== JSON.stringify(value)) {
      return differs.push(`line ${hole.line}: ${param.name} is ${JSON.stringify(seen)} in one place and ${hole.canonical} in another`);
    }
    params[param.name] = value;
  });
  return {
    matched: true,
    kind: differs.length === 0 ? "exact" : "variant",
    skill: entry.skill,
    template: template.id,
    title: template.title,
    score: 1,
    params: differs.length === 0 ? params : {},
    differs,
  };
}

function near(entry: IndexedTemplate, score: number, n: Normalized): MatchResult {
  return { matched: true, kind: "near", skill: entry.skill, template: entry.template.id, title: entry.template.title, score: round(score), params: {}, differs: explain(entry.template, n) };
}

/** A near match must make the same calls, import the same modules and branch the same way. */
function guardFailures(template: Template, n: Normalized): string[] {
  const out: string[] = [];
  const extra = missingFrom(n.apis, template.guard.apis);
  const lacking = missingFrom(template.guard.apis, n.apis);
  const list = (items: string[]) => items.slice(0, 8).map(readable).join(", ") + (items.length > 8 ? `, and ${items.length - 8} more` : "");
  if (extra.length) out.push(`calls the template does not make: ${list(extra)}`);
  if (lacking.length) out.push(`does not call ${list(lacking)} as the template does`);
  const lost = missingFrom(vocabulary(template.tokens), vocabulary(n.tokens));
  const gained = missingFrom(vocabulary(n.tokens), vocabulary(template.tokens));
  if (lost.length || gained.length) out.push(`names differ (attributes, keywords, options): ${[...lost.map((x) => `-${readable(x)}`), ...gained.map((x) => `+${readable(x)}`)].slice(0, 6).join(" ")}`);
  if (template.guard.imports.join("\n") !== n.imports.join("\n")) out.push(`imports differ: template ${template.guard.imports.join("; ") || "(none)"}, code ${n.imports.slice(0, 8).map(readable).join("; ") || "(none)"}`);
  if (template.guard.control.join(",") !== n.control.join(",")) out.push(`control flow differs: template ${template.guard.control.join(" > ") || "(straight line)"}, code ${n.control.join(" > ") || "(straight line)"}`);
  return out;
}

/**
 * The names code is written in: attributes, keyword arguments, options, commands, builtins.
 * A near match may rearrange expressions, never use other names (`shell=True`, `-raw`, `.firefox`).
 */
const NAME = /^(\.|-{1,2})?[A-Za-z_][\w-]*=?$/;
const vocabulary = (tokens: readonly string[]): string[] => tokens.filter((t) => NAME.test(t));

function explain(template: Template, n: Normalized): string[] {
  const diff = firstDifference(template.tokens, n.tokens);
  if (!diff) return [];
  const line = n.lines[Math.min(diff.at, n.lines.length - 1)] ?? 1;
  if (diff.found === undefined) return [`line ${line}: the template has ${readable(diff.expected)} here and the code does not`];
  return [`line ${line}: code has ${readable(diff.found)} where the template has ${readable(diff.expected)}`];
}

const TOKEN_WORDS: Readonly<Record<string, string>> = {
  "⟨str⟩": "a string", "⟨int⟩": "an integer", "⟨float⟩": "a float", "⟨bool⟩": "True/False", "⟨arr⟩": "a list",
  "⟨v⟩": "a variable", "⟨block⟩": "the start of a block", "⟨/block⟩": "the end of a block", "(end)": "the end",
};

/** A normalized token as a person reads it, printable and short (code may be binary junk). */
export function readable(token: string): string {
  const file = /^⟨file:(.*)⟩$/.exec(token)?.[1];
  const plain = file ?? TOKEN_WORDS[token] ?? TOKEN_WORDS[token.replace(/^(list|set|tuple|~)/, "")] ?? (token.startsWith("run:") ? `running ${token.slice(4)}` : `"${token}"`);
  const printable = plain.replace(/[^\P{C}\t]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return printable.length > 80 ? `${printable.slice(0, 77)}...` : printable;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
