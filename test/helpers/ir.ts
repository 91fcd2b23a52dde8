import { fromMarkdown } from "mdast-util-from-markdown";
import type { SkillIR } from "../../src/skill/ir.js";
import { codeSpansOf } from "../../src/skill/markdown.js";

/**
 * A minimal valid SkillIR for pure pass tests; the body starts on line 5 of SKILL.md. Its code
 * spans come from the loader's own span finder, as a loaded skill's would.
 */
export function makeIr(body: string, files: string[] = [], name = "demo"): SkillIR {
  return {
    dir: `/abs/${name}`,
    folder: name,
    entry: "SKILL.md",
    frontmatter: { name, description: "A demo skill" },
    rawFrontmatter: { name, description: "A demo skill" },
    frontmatterText: `name: ${name}\ndescription: A demo skill`,
    body,
    bodyStartLine: 5,
    sections: [],
    steps: [],
    codeBlocks: [],
    codeSpans: codeSpansOf(fromMarkdown(body)),
    files: files.map((path) => ({
      path,
      kind: path.startsWith("scripts/") ? "script" : "reference",
      size: 1,
      mimeType: "text/plain",
      binary: false,
      digest: `sha256:${"0".repeat(64)}`,
    })),
    sources: {},
    requirements: { bins: [], anyBins: [], env: [], os: [], install: [] },
    sourceHash: `sha256:${"1".repeat(64)}`,
    diagnostics: [],
  };
}
