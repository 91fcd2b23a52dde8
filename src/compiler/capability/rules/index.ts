import type { Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";
import { codeAsks } from "./code-asks.js";
import { codeExamples } from "./code-examples.js";
import { longText } from "./long-text.js";
import { parallelAsks } from "./parallel.js";
import { scriptRuns } from "./script-runs.js";
import { structuredOutput } from "./structured-output.js";

/** A requirement rule: one family of demands, read from the skill's text. */
export type Rule = (text: SkillText) => Finding[];

/** Every rule of the deterministic analysis: the single list to extend. */
export const RULES: readonly Rule[] = [scriptRuns, codeExamples, codeAsks, structuredOutput, longText, parallelAsks];
