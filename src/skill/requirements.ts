import type { DialectCtx } from "./dialect.js";
import type { ParsedFrontmatter } from "./frontmatter.js";
import { readHermes } from "./hermes.js";
import type { Requirements } from "./ir.js";
import { readOpenClaw } from "./openclaw.js";
import type { Reporter } from "./reporter.js";
import { RequirementsBuilder } from "./requirements-builder.js";

/**
 * Merges every harness's way of saying what a skill needs into one model. Each dialect reads its
 * own keys; a malformed entry is a warning and is skipped, never a crash.
 */
export function collectRequirements(fm: ParsedFrontmatter, metadata: Record<string, unknown> | undefined, report: Reporter): Requirements {
  const ctx: DialectCtx = { fm, report, out: new RequirementsBuilder() };
  readOpenClaw(metadata, ctx);
  readHermes(fm.data, ctx);
  return ctx.out.build();
}
