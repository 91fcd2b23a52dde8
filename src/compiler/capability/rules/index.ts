import type { Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";
import { arithmetic } from "./arithmetic.js";
import { codeAsks } from "./code-asks.js";
import { codeExamples } from "./code-examples.js";
import { fileReads } from "./file-reads.js";
import { fileWrites } from "./file-writes.js";
import { longText } from "./long-text.js";
import { outputRules } from "./output-rules.js";
import { parallelAsks } from "./parallel.js";
import { procedure } from "./procedure.js";
import { regexes } from "./regexes.js";
import { scriptRuns } from "./script-runs.js";
import { structuredOutput } from "./structured-output.js";
import { webRequests } from "./web.js";

/** A requirement rule: one family of demands, read from the skill's text. */
export type Rule = (text: SkillText) => Finding[];

/** Every rule of the deterministic analysis: the single list to extend. */
export const RULES: readonly Rule[] = [
  scriptRuns, codeExamples, codeAsks, regexes, structuredOutput, longText, procedure, fileReads, fileWrites,
  parallelAsks, webRequests, arithmetic, outputRules,
];
