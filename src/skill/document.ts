import { Code } from "./codes.js";
import { splitFrontmatter } from "./fence.js";
import { stringify } from "yaml";
import { parseFrontmatter, type ParsedFrontmatter } from "./frontmatter.js";
import type { SkillIR } from "./ir.js";
import { outlineWithinBudget } from "./bounded-outline.js";
import type { Outline } from "./markdown.js";
import { overMarkdownBudget } from "./markdown-budget.js";
import type { Reporter } from "./reporter.js";
import { collectRequirements } from "./requirements.js";
import { validateFrontmatter } from "./validate.js";

/** Everything SkillIR holds that comes from the entry file's text. */
export type SkillDocument = Pick<
  SkillIR,
  "frontmatter" | "rawFrontmatter" | "frontmatterText" | "body" | "bodyStartLine" | "sections" | "steps" | "codeBlocks" | "codeSpans" | "requirements"
>;

/** Parses SKILL.md text (already BOM-free, LF). Returns undefined after reporting an error. */
export async function parseSkillDocument(text: string, folder: string, report: Reporter): Promise<SkillDocument | undefined> {
  const split = splitFrontmatter(text);
  const fenced = split.ok ? split.fenced : { yamlText: "", openLine: 1, body: text, bodyStartLine: 1 };
  if (!split.ok) {
    // Hosts such as Claude Code load such a file: name from the folder, description from the body.
    report.warning(Code.FRONTMATTER_MISSING, "SKILL.md does not start with a --- frontmatter fence; the name is taken from the folder and the description from the first heading and paragraph", {
      line: split.line,
      hint: "agentskills.io: SKILL.md begins with YAML frontmatter between two --- lines, holding at least name and description",
    });
  } else if (split.recovered) {
    report.warning(Code.FRONTMATTER_UNTERMINATED, `the frontmatter opened here is never closed by a --- line; ${split.recovered}`, {
      line: fenced.openLine,
      hint: "end the frontmatter with a line holding only ---",
    });
  }
  const { yamlText, openLine, body, bodyStartLine } = fenced;
  const fm = split.ok ? parseFrontmatter(yamlText, openLine, report) : NO_FRONTMATTER;
  if (fm === undefined) return undefined;
  const frontmatter = validateFrontmatter(fm, { folder, body, noFrontmatter: !split.ok }, report);
  if (frontmatter === undefined) return undefined;

  const requirements = collectRequirements(fm, frontmatter.metadata, report);
  const outline = await outlineOrSkip(body, bodyStartLine, report);
  // Without frontmatter, the compiled SKILL.md still opens with the name and description it is served under.
  const frontmatterText = split.ok ? fm.text : stringify({ name: frontmatter.name, description: frontmatter.description }).trimEnd();
  return { frontmatter, rawFrontmatter: fm.data, frontmatterText, body, bodyStartLine, ...outline, requirements };
}

const NO_FRONTMATTER: ParsedFrontmatter = { data: {}, text: "", lineOf: () => 1 };

/**
 * The outline, or an empty one with a warning when the body would cost the parser too much: a
 * linear pre-scan refuses the known costly shapes at once, and the parse itself runs under a
 * deadline and a heap limit in a worker thread. A refused body is never parsed again later.
 */
async function outlineOrSkip(body: string, bodyStartLine: number, report: Reporter): Promise<Outline> {
  const parsed = overMarkdownBudget(body) ?? (await outlineWithinBudget(body, bodyStartLine));
  if (typeof parsed !== "string" && parsed.ok) return parsed.outline;
  report.warning(Code.SKILL_MARKDOWN_TOO_COMPLEX, `body not analysed: ${typeof parsed === "string" ? parsed : parsed.reason}`, {
    line: bodyStartLine,
    hint: "the skill still loads and its body is served as written, but it has no sections, steps or code blocks; split long lists into references/",
  });
  return { sections: [], steps: [], codeBlocks: [], codeSpans: [] };
}
