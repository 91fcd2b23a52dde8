import { Code } from "./codes.js";
import type { ParsedFrontmatter } from "./frontmatter.js";
import type { Frontmatter } from "./ir.js";
import { parseObjectText } from "./object-text.js";
import type { Reporter } from "./reporter.js";
import { describe, isRecord } from "./shape.js";
import { descriptionFromBody } from "./body-description.js";
import { DESCRIPTION_MAX, NAME_MAX, normalizeName } from "./skill-name.js";

/** agentskills.io fields, plus the harness fields the requirements merge reads. */
const SPEC_FIELDS = ["name", "description", "license", "compatibility", "metadata", "allowed-tools"] as const;
const DIALECT_FIELDS = ["required_environment_variables", "platforms"] as const;
const KNOWN_FIELDS: ReadonlySet<string> = new Set([...SPEC_FIELDS, ...DIALECT_FIELDS]);

/** metadata keys whose object values a harness defines (and the requirements merge reads). */
const HARNESS_NAMESPACES: ReadonlySet<string> = new Set(["openclaw", "clawdbot", "clawdis", "moltbot", "hermes"]);

const MAX_UNKNOWN_REPORTED = 20;

const COMPATIBILITY_MAX = 500;

const NAME_RULE = "agentskills.io: name is 1-64 characters of lowercase letters, digits and single hyphens, not starting or ending with a hyphen";
const DESCRIPTION_RULE = "agentskills.io: description is a non-empty string of at most 1024 characters saying what the skill does and when to use it";

interface Ctx {
  fm: ParsedFrontmatter;
  report: Reporter;
  source: SkillSource;
}

/** What a missing name or description is taken from. */
export interface SkillSource {
  folder: string;
  /** The Markdown body (the whole file when it has no frontmatter). */
  body: string;
  /** The file has no frontmatter at all: that was reported once, so a missing name or description is not. */
  noFrontmatter?: boolean;
}

/**
 * Checks the frontmatter against the agentskills.io specification. Hard violations are errors
 * and yield undefined; soft ones are warnings and the value is kept as written.
 */
export function validateFrontmatter(fm: ParsedFrontmatter, source: SkillSource, report: Reporter): Frontmatter | undefined {
  const ctx: Ctx = { fm, report, source };
  const named = checkName(ctx);
  const description = checkDescription(ctx);
  const license = optionalString(ctx, "license");
  const compatibility = optionalString(ctx, "compatibility");
  if (compatibility !== undefined && length(compatibility) > COMPATIBILITY_MAX) {
    report.warning(Code.SKILL_COMPATIBILITY_TOO_LONG, `compatibility is ${length(compatibility)} characters, over ${COMPATIBILITY_MAX}`, {
      line: fm.lineOf(["compatibility"]),
      hint: "agentskills.io: compatibility is at most 500 characters",
    });
  }
  const metadata = checkMetadata(ctx);
  const allowedTools = checkAllowedTools(ctx);
  reportUnknownFields(ctx);

  if (named === undefined || description === undefined) return undefined;
  const out: Frontmatter = { ...named, description };
  if (license !== undefined) out.license = license;
  if (compatibility !== undefined) out.compatibility = compatibility;
  if (metadata !== undefined) out.metadata = metadata;
  if (allowedTools !== undefined) out.allowedTools = allowedTools;
  return out;
}

/** Length in characters as a person counts them (code points, not UTF-16 units). */
const length = (s: string): number => [...s].length;

/** The name, normalized when it breaks the spec; the folder's when there is none. Undefined after an error. */
function checkName({ fm, report, source }: Ctx): { name: string; displayName?: string } | undefined {
  const raw = fm.data.name;
  const line = fm.lineOf(["name"]);
  const fromFolder = normalizeName(source.folder);
  if (raw === undefined || raw === null || raw === "" || (typeof raw !== "string" && typeof raw !== "number")) {
    const what = raw === undefined || raw === null || raw === "" ? "frontmatter has no name" : `name must be a string, not ${describe(raw)}`;
    if (fromFolder === "") {
      report.error(Code.SKILL_NAME_MISSING, `${what}, and the folder name "${source.folder}" has no letters or digits to use`, { line, hint: `${NAME_RULE}${didYouMean(fm, "name")}` });
      return undefined;
    }
    if (!source.noFrontmatter) report.warning(Code.SKILL_NAME_MISSING, `${what}; the folder name "${fromFolder}" is used`, { line, hint: `${NAME_RULE}${didYouMean(fm, "name")}` });
    return { name: fromFolder };
  }
  // `name: 2048` is a YAML number but a fine name.
  const written = String(raw);
  const broken = nameProblem(written);
  const name = broken === undefined ? written : normalizeName(written) || fromFolder;
  if (name === "") {
    report.error(Code.SKILL_NAME_INVALID, `name ${JSON.stringify(written)} ${broken} and has no letters or digits to keep, nor has the folder name`, { line, hint: NAME_RULE });
    return undefined;
  }
  if (broken !== undefined) {
    report.warning(Code.SKILL_NAME_NORMALIZED, `name ${JSON.stringify(written)} ${broken}; served as "${name}" (the original is kept for display)`, { line, hint: NAME_RULE });
  }
  if (name !== source.folder) {
    report.warning(Code.SKILL_NAME_MISMATCH, `name "${name}" must equal the folder name "${source.folder}"`, {
      line,
      hint: `agentskills.io: the folder is named after the skill; rename the folder to "${name}" or the name to "${source.folder}" (the name "${name}" is used)`,
    });
  }
  return broken === undefined ? { name } : { name, displayName: written };
}

function nameProblem(name: string): string | undefined {
  if (length(name) > NAME_MAX) return `is ${length(name)} characters, over ${NAME_MAX}`;
  if (/[A-Z]/.test(name)) return "has uppercase letters";
  if (/[^a-z0-9-]/.test(name)) return "has characters other than lowercase letters, digits and hyphens";
  if (name.startsWith("-") || name.endsWith("-")) return "starts or ends with a hyphen";
  if (name.includes("--")) return "has consecutive hyphens";
  return undefined;
}

/** The description; without one, the body's first heading and paragraph (as Claude Code reads it). */
function checkDescription({ fm, report, source }: Ctx): string | undefined {
  const raw = fm.data.description;
  const line = fm.lineOf(["description"]);
  if (typeof raw !== "string" || raw.trim() === "") {
    const what = raw === undefined || raw === null ? "frontmatter has no description" : `description must be a non-empty string, not ${describe(raw)}`;
    const derived = descriptionFromBody(source.body);
    if (derived === undefined) {
      report.error(Code.SKILL_DESCRIPTION_MISSING, `${what}, and the body has no heading or paragraph to take one from`, { line, hint: `${DESCRIPTION_RULE}${didYouMean(fm, "description")}` });
      return undefined;
    }
    if (!source.noFrontmatter) report.warning(Code.SKILL_DESCRIPTION_MISSING, `${what}; the body's first heading and paragraph are used`, { line, hint: `${DESCRIPTION_RULE}${didYouMean(fm, "description")}` });
    return derived;
  }
  if (length(raw) > DESCRIPTION_MAX) {
    report.warning(Code.SKILL_DESCRIPTION_TOO_LONG, `description is ${length(raw)} characters, over ${DESCRIPTION_MAX}`, {
      line,
      hint: DESCRIPTION_RULE,
    });
  }
  return raw;
}

/** A string field; numbers and booleans are read as text, anything else is dropped with a warning. */
function optionalString({ fm, report }: Ctx, key: string): string | undefined {
  const raw = fm.data[key];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === "string") return raw;
  const line = fm.lineOf([key]);
  if (typeof raw === "number" || typeof raw === "boolean") {
    report.warning(Code.SKILL_FIELD_TYPE, `${key} is ${describe(raw)}; read as the string "${String(raw)}"`, { line, hint: `agentskills.io: ${key} is a string` });
    return String(raw);
  }
  report.warning(Code.SKILL_FIELD_TYPE, `${key} is ${describe(raw)} and is ignored`, { line, hint: `agentskills.io: ${key} is a string` });
  return undefined;
}

function checkMetadata({ fm, report }: Ctx): Record<string, unknown> | undefined {
  let raw = fm.data.metadata;
  if (raw === undefined || raw === null) return undefined;
  const line = fm.lineOf(["metadata"]);
  // Some skills write the whole map as one JSON string.
  if (typeof raw === "string") raw = parseObjectText(raw) ?? raw;
  if (!isRecord(raw)) {
    report.warning(Code.SKILL_METADATA_INVALID, `metadata is ${describe(raw)}, not a map, and is ignored`, {
      line,
      hint: "agentskills.io: metadata maps string keys to string values",
    });
    return undefined;
  }
  const notStrings = Object.keys(raw).filter((k) => typeof raw[k] !== "string");
  // Harness namespaces are objects by design and we read them; anything else is a soft violation.
  for (const group of [notStrings.filter((k) => !HARNESS_NAMESPACES.has(k)), notStrings.filter((k) => HARNESS_NAMESPACES.has(k))]) {
    if (group.length === 0) continue;
    const harness = HARNESS_NAMESPACES.has(group[0] ?? "");
    const message = `metadata values of ${group.map((k) => `"${k}"`).join(", ")} are not strings (kept as written)`;
    const at = { line: fm.lineOf(["metadata", group[0] ?? ""]), hint: "agentskills.io: metadata maps string keys to string values; harnesses such as OpenClaw nest objects here" };
    if (harness) report.info(Code.SKILL_METADATA_NOT_STRING, message, at);
    else report.warning(Code.SKILL_METADATA_NOT_STRING, message, at);
  }
  return raw;
}

/** `allowed-tools`: a space-separated string (commas tolerated) or a list of strings. */
function checkAllowedTools({ fm, report }: Ctx): string[] | undefined {
  const raw = fm.data["allowed-tools"];
  if (raw === undefined || raw === null) return undefined;
  const line = fm.lineOf(["allowed-tools"]);
  const hint = "agentskills.io: allowed-tools is a space-separated string of tool names";
  if (typeof raw === "string") return splitTools(raw);
  if (!Array.isArray(raw)) {
    report.warning(Code.SKILL_ALLOWED_TOOLS_INVALID, `allowed-tools is ${describe(raw)} and is ignored`, { line, hint });
    return undefined;
  }
  const tools = raw.filter((t): t is string => typeof t === "string" && t.trim() !== "").map((t) => t.trim());
  if (tools.length !== raw.length) {
    report.warning(Code.SKILL_ALLOWED_TOOLS_INVALID, "allowed-tools has entries that are not tool names; they are ignored", { line, hint });
  }
  return tools;
}

/** Splits on spaces and commas, but not inside parentheses: `Bash(git add:*) Read` is two tools. */
export function splitTools(text: string): string[] {
  const tools: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === "," || /\s/.test(ch))) {
      if (current !== "") tools.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  if (current !== "") tools.push(current);
  return tools;
}

function reportUnknownFields({ fm, report }: Ctx): void {
  const unknown = Object.keys(fm.data).filter((key) => !KNOWN_FIELDS.has(key));
  for (const key of unknown.slice(0, MAX_UNKNOWN_REPORTED)) {
    report.info(Code.SKILL_FIELD_UNKNOWN, `field "${key}" is not part of the agentskills.io specification (kept in rawFrontmatter)`, {
      line: fm.lineOf([key]),
      hint: `agentskills.io fields: ${SPEC_FIELDS.join(", ")}${suggestKnown(key)}`,
    });
  }
  if (unknown.length > MAX_UNKNOWN_REPORTED) {
    report.info(Code.SKILL_FIELD_UNKNOWN, `${unknown.length - MAX_UNKNOWN_REPORTED} more fields are not part of the specification`, {
      line: fm.lineOf([unknown[MAX_UNKNOWN_REPORTED] ?? ""]),
      hint: `agentskills.io fields: ${SPEC_FIELDS.join(", ")}`,
    });
  }
}

const canonical = (key: string): string => key.toLowerCase().replace(/_/g, "-");

function suggestKnown(key: string): string {
  const match = SPEC_FIELDS.find((f) => f === canonical(key));
  return match ? `; did you mean "${match}"?` : "";
}

function didYouMean(fm: ParsedFrontmatter, field: string): string {
  const near = Object.keys(fm.data).find((k) => k !== field && canonical(k) === field);
  return near ? `; found "${near}", keys are case-sensitive` : "";
}
