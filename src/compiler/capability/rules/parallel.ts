import { aboutThing, isDirective, negatedBefore } from "../directive.js";
import { sentenceEvidence, type Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";

// follow.delegation for asks to hand work to sub-agents; tool.call.batch for asks to make tool
// calls in parallel. A script that works "in parallel" internally asks nothing of the model:
// the parallel phrase must follow an action verb in base form ("run them in parallel").

const SUBAGENTS = /\b(?:sub-?agents?|spawn(?:ing)?\s+(?:an?\s+|multiple\s+|several\s+|parallel\s+|separate\s+|\d+\s+)?(?:agents?|tasks?|workers?)|delegate\s+(?:\w+\s+){0,3}to\s+(?:an?\s+|separate\s+)?(?:agents?|sub-?agents?)|parallel\s+agents|the\s+Task\s+tool|agent\s+team)\b/i;
const DELEGATE_VERB = /\b(?:spawn|launch|use|start|dispatch|delegate|run|create|via)\b/i;
const PARALLEL = /\b(?:in parallel|concurrently|at the same time|simultaneously|in a single (?:message|turn|response)|parallel (?:tool )?calls|in one (?:turn|message)|batch(?:ed)? (?:tool )?(?:calls|reads|requests))\b/i;
const ACTION = /\b(?:run|execute|call|launch|fetch|read|process|start|do|perform|issue|make|send|dispatch|download|query|search|analy[sz]e|check|open|load|request)\b/i;
const MANY = /\b(?:all|every|each|many|multiple|several)\b[^.]{0,30}\b(?:files?|pages?|urls?|sources?|documents?|repos(?:itories)?|items?)\b/i;

export function parallelAsks(text: SkillText): Finding[] {
  const findings: Finding[] = [];
  for (const s of text.sentences) {
    const sub = SUBAGENTS.exec(s.text);
    // A sub-agent named in a description ("autonomous runs, sub-agents") is not an ask to use one.
    if (sub && !negatedBefore(s.text, sub.index) && (isDirective(s.text) || DELEGATE_VERB.test(s.text.slice(Math.max(0, sub.index - 40), sub.index + sub[0].length)))) {
      findings.push({ id: "follow.delegation", level: 1, evidence: sentenceEvidence(text, s, sub.index, "asks to hand work to sub-agents") });
    }
    const par = PARALLEL.exec(s.text);
    if (!par || negatedBefore(s.text, par.index) || aboutThing(s.text)) continue;
    const before = s.text.slice(Math.max(0, par.index - 60), par.index);
    if (!ACTION.test(before) && !ACTION.test(s.text.slice(par.index, par.index + 40))) continue;
    const level = MANY.test(s.text) ? 2 : 1;
    findings.push({ id: "tool.call.batch", level, evidence: sentenceEvidence(text, s, par.index, level === 2 ? "asks for many tool calls at once" : "asks for tool calls in parallel") });
  }
  return findings;
}
