import { bundledScriptRun, commandsOf, type CommandLine } from "../commands.js";
import { negatedBefore } from "../directive.js";
import { blockEvidence, sentenceEvidence, type Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";

// tool.exec (catalogue: L1 run a given command, L2 write a script and run it, L3 a multi-stage
// pipeline leaving intermediate files). Bundled scripts the model only runs land here, not in
// gen.code: running a given command line is the whole demand.

const WRITES_FILE = /(?:^|\s)(?:--out(?:put)?(?:[=\s])|-o\s|>{1,2}\s*[^\s&|])/;
/** Runs of this many commands, of which at least two leave files for the next: a pipeline (L3). */
const PIPELINE_RUNS = 3;
const PIPELINE_WRITERS = 2;

export function scriptRuns(text: SkillText): Finding[] {
  const commands = commandsOf(text);
  const findings = commands.map((c) => commandFinding(text, c));
  findings.push(...proseRuns(text));
  const writers = commands.filter((c) => WRITES_FILE.test(c.text));
  if (commands.length >= PIPELINE_RUNS && writers.length >= PIPELINE_WRITERS) {
    // Steps hand files to each other: the model must keep a multi-stage pipeline straight.
    findings.push(...writers.map((c) => ({ id: "tool.exec" as const, level: 3 as const, evidence: blockEvidence(text, c.block, c.offset, `one of ${commands.length} commands in a pipeline whose steps leave files for the next`) })));
  }
  return findings;
}

function commandFinding(text: SkillText, c: CommandLine): Finding {
  const why = c.script ? `runs the bundled script ${c.script}` : "a command the model must run";
  return { id: "tool.exec", level: 1, evidence: blockEvidence(text, c.block, c.offset, why) };
}

const INLINE_CODE = /`([^`\n]+)`/g;
const SCRIPT_EXTENSION = /\.(?:py|sh|bash|zsh|js|mjs|cjs|ts|rb|pl)\b/;
const RUN_VERB = /\b(?:run|execute|invoke|call|launch|use)\b/i;
const INTERPRETED_PATH = /\b(?:python3?|bash|sh|node|uv run)\s+(\S+\.(?:py|sh|js|mjs|cjs|ts))\b/g;

/** "Run `scripts/x.py`", "`python scripts/x.py in.pdf`", "python scripts/x.py in.pdf" in prose. */
function proseRuns(text: SkillText): Finding[] {
  const findings: Finding[] = [];
  for (const s of text.sentences.filter((x) => SCRIPT_EXTENSION.test(x.text))) {
    const found = new Map<string, number>();
    for (const m of s.text.matchAll(INLINE_CODE)) {
      const code = m[1] ?? "";
      const script = bundledScriptRun(code, text.bundled);
      // A bare path is a run only when the sentence says so ("See `scripts/x.py`" is a read).
      const bare = !/\s/.test(code.trim());
      if (script && !found.has(script) && (!bare || RUN_VERB.test(s.text))) found.set(script, m.index ?? 0);
    }
    for (const m of s.text.matchAll(INTERPRETED_PATH)) {
      const script = bundledScriptRun(m[0], text.bundled);
      if (script && !found.has(script)) found.set(script, m.index ?? 0);
    }
    for (const [script, at] of found) {
      if (negatedBefore(s.text, at)) continue;
      findings.push({ id: "tool.exec", level: 1, evidence: sentenceEvidence(text, s, at, `asks to run the bundled script ${script}`) });
    }
  }
  return findings;
}
