import { z } from "zod";
import { Diagnostic } from "./diagnostic.js";

/** Where a fact about a skill came from, e.g. `SKILL.md:12` or `metadata.openclaw.requires.bins`. */
export const Origin = z.string();

export const Section = z.object({
  /** Heading text; the body before the first heading is the section "". */
  heading: z.string(),
  depth: z.number().int().min(0).max(6),
  /** 1-based line numbers in SKILL.md (frontmatter lines included). */
  startLine: z.number().int().positive(),
  endLine: z.number().int().positive(),
});
export type Section = z.infer<typeof Section>;

export const CodeBlock = z.object({
  id: z.string(),
  /** Lowercased info-string language (`python`, `bash`, ...); "" when untagged. */
  lang: z.string(),
  /** The rest of the info string after the language, e.g. `workflow` in ```yaml workflow. */
  meta: z.string(),
  code: z.string(),
  startLine: z.number().int().positive(),
  endLine: z.number().int().positive(),
  /** Heading of the enclosing section. */
  section: z.string(),
});
export type CodeBlock = z.infer<typeof CodeBlock>;

/**
 * Where a code node (fenced, indented or inline) sits in the body, so passes can rewrite code
 * without parsing the Markdown again: the body was parsed once, under a budget, by the loader.
 */
export const CodeSpan = z.object({
  /** Offsets into `body`, end exclusive. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  inline: z.boolean(),
  /** Lowercased info-string language; "" when untagged or inline. */
  lang: z.string(),
  /** The code itself, without fences or backticks. */
  value: z.string(),
  /** 1-based line and column in the body. */
  line: z.number().int().positive(),
  column: z.number().int().positive(),
});
export type CodeSpan = z.infer<typeof CodeSpan>;

export const Step = z.object({
  /** Position in its list, 1-based as written. */
  number: z.number().int(),
  text: z.string(),
  startLine: z.number().int().positive(),
  endLine: z.number().int().positive(),
  section: z.string(),
  /** Code blocks nested in the list item. */
  codeBlockIds: z.array(z.string()),
});
export type Step = z.infer<typeof Step>;

export const FileKind = z.enum(["script", "reference", "asset", "other"]);

export const BundledFile = z.object({
  /** Relative to the skill folder, posix separators, never escaping it. */
  path: z.string(),
  kind: FileKind,
  size: z.number().int().nonnegative(),
  mimeType: z.string(),
  binary: z.boolean(),
  digest: z.string(),
});
export type BundledFile = z.infer<typeof BundledFile>;

export const Requirement = z.object({ name: z.string(), origin: Origin });

/** One merged view of what a skill says it needs, from every harness's metadata dialect. */
export const Requirements = z.object({
  bins: z.array(Requirement),
  /** Each group is satisfied by any one of its executables. */
  anyBins: z.array(z.object({ names: z.array(z.string()), origin: Origin })),
  env: z.array(Requirement.extend({ optional: z.boolean() })),
  os: z.array(z.string()),
  install: z.array(
    z.object({
      kind: z.string(),
      package: z.string().optional(),
      bins: z.array(z.string()),
      origin: Origin,
    }),
  ),
});
export type Requirements = z.infer<typeof Requirements>;

export const Frontmatter = z.object({
  /** The name as the spec allows it: normalized when the author's was not (see skill-name.ts). */
  name: z.string(),
  /** The author's name as written, kept for display when it had to be normalized. */
  displayName: z.string().optional(),
  description: z.string(),
  license: z.string().optional(),
  compatibility: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  allowedTools: z.array(z.string()).optional(),
});
export type Frontmatter = z.infer<typeof Frontmatter>;

/** A parsed, validated skill: what every compiler pass reads. */
export const SkillIR = z.object({
  /** Absolute path of the skill folder. Runtime only: never written into an artifact. */
  dir: z.string(),
  /** Folder name, which the spec says must equal `frontmatter.name`. */
  folder: z.string(),
  /** `SKILL.md` or `skill.md`. */
  entry: z.string(),
  frontmatter: Frontmatter,
  /** The frontmatter exactly as the author wrote it, rendered as JSON (SEP-2640 needs it verbatim). */
  rawFrontmatter: z.record(z.string(), z.unknown()),
  /** The YAML text between the `---` fences: verbatim, or as repaired (always valid YAML). */
  frontmatterText: z.string(),
  body: z.string(),
  /** 1-based line in SKILL.md where the body starts. */
  bodyStartLine: z.number().int().positive(),
  sections: z.array(Section),
  steps: z.array(Step),
  codeBlocks: z.array(CodeBlock),
  /** Every code node of the body in order; empty when the body was not analysed. */
  codeSpans: z.array(CodeSpan),
  files: z.array(BundledFile),
  /** Text of small bundled source files (code, requirements.txt, package.json), by path. */
  sources: z.record(z.string(), z.string()),
  requirements: Requirements,
  /** `sha256:` over relative paths and contents of every file of the skill. */
  sourceHash: z.string(),
  diagnostics: z.array(Diagnostic),
});
export type SkillIR = z.infer<typeof SkillIR>;
