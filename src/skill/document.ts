import { Code } from "./codes.js";
import { splitFrontmatter } from "./fence.js";
import { parseFrontmatter } from "./frontmatter.js";
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
  if (!split.ok) {
    if (split.reason === "missing") {
      report.error(Code.FRONTMATTER_MISSING, "SKILL.md does not start with a --- frontmatter fence", {
        line: split.line,
        hint: "agentskills.io: SKILL.md begins with YAML frontmatter between two --- lines, holding at least name and description",
      });
    } else {
      report.error(Code.FRONTMATTER_UNTERMINATED, "the frontmatter opened here is never closed by a --- line", {
        line: split.line,
        hint: "end the frontmatter with a line holding only ---",
      });
    }
    return undefined;
  }
  const { yamlText, openLine, body, bodyStartLine } = split.fenced;
  const fm = parseFrontmatter(yamlText, openLine, report);
  if (fm === undefined) return undefined;
  const frontmatter = validateFrontmatter(fm, folder, report);
  if (frontmatter === undefined) return undefined;

  const requirements = collectRequirements(fm, frontmatter.metadata, report);
  const outline = await outlineOrSkip(body, bodyStartLine, report);
  return { frontmatter, rawFrontmatter: fm.data, frontmatterText: fm.text, body, bodyStartLine, ...outline, requirements };
}

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
