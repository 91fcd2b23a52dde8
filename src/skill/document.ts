import { Code } from "./codes.js";
import { splitFrontmatter } from "./fence.js";
import { parseFrontmatter } from "./frontmatter.js";
import type { SkillIR } from "./ir.js";
import { type Outline, outlineBody } from "./markdown.js";
import { overMarkdownBudget } from "./markdown-budget.js";
import type { Reporter } from "./reporter.js";
import { collectRequirements } from "./requirements.js";
import { validateFrontmatter } from "./validate.js";

/** Everything SkillIR holds that comes from the entry file's text. */
export type SkillDocument = Pick<
  SkillIR,
  "frontmatter" | "rawFrontmatter" | "frontmatterText" | "body" | "bodyStartLine" | "sections" | "steps" | "codeBlocks" | "requirements"
>;

/** Parses SKILL.md text (already BOM-free, LF). Returns undefined after reporting an error. */
export function parseSkillDocument(text: string, folder: string, report: Reporter): SkillDocument | undefined {
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
  const outline = outlineOrSkip(body, bodyStartLine, report);
  return { frontmatter, rawFrontmatter: fm.data, frontmatterText: fm.text, body, bodyStartLine, ...outline, requirements };
}

/** The outline, or an empty one with a warning when the body would cost the parser too much. */
function outlineOrSkip(body: string, bodyStartLine: number, report: Reporter): Outline {
  const over = overMarkdownBudget(body);
  if (over === undefined) return outlineBody(body, bodyStartLine);
  report.warning(Code.SKILL_MARKDOWN_TOO_COMPLEX, `body not analysed: ${over}`, {
    line: bodyStartLine,
    hint: "the skill still loads and its body is served as written, but it has no sections, steps or code blocks; split long lists into references/",
  });
  return { sections: [], steps: [], codeBlocks: [] };
}
