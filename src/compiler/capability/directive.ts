// Whether a sentence asks the model to do something, rather than describing what a script, a
// tool or the world does. Rules only count asks: "Each script prints JSON" demands nothing of
// the model; "Return the result as JSON" does.

const LEAD = /^(?:\*\*|__|[*_`"'(]|step\s*\d+\s*[:.)-]?\s*|\d+[.)]\s*|(?:then|next|first|finally|now|also|always|afterwards?|optionally|lastly|second|third)\b[,:]?\s*)*/i;

/** Base-form verbs a skill uses to tell the model what to do. */
const IMPERATIVE = new RegExp(
  `^(?:${[
    "add", "adjust", "analy[sz]e", "bundle", "clean", "clone", "commit", "configure", "confirm", "debug", "deploy", "design", "evaluate",
    "fix", "grade", "improve", "initiali[sz]e", "interpret", "iterate", "measure", "pack", "plan", "publish", "push", "refine", "remove",
    "rename", "resolve", "restart", "setup", "sort", "submit", "unpack", "upload", "wrap", "answer", "apply", "ask", "assemble", "avoid", "build", "calculate", "call", "check", "choose", "click", "collect",
    "combine", "compare", "compose", "compute", "consult", "convert", "copy", "count", "craft", "create", "decide", "define", "delegate",
    "describe", "determine", "dispatch", "do", "don't", "download", "draft", "edit", "emit", "ensure", "estimate", "execute", "explain",
    "export", "extract", "fetch", "fill", "find", "follow", "format", "gather", "generate", "give", "go", "identify", "implement", "include",
    "inspect", "install", "invoke", "keep", "launch", "list", "load", "look", "make", "mention", "merge", "modify", "navigate", "never",
    "note", "offer", "open", "output", "parse", "pass", "pick", "place", "prefer", "prepare", "present", "print", "produce", "provide",
    "put", "query", "read", "record", "refer", "render", "repeat", "replace", "reply", "report", "request", "respond", "return", "review",
    "rewrite", "run", "save", "scan", "search", "see", "select", "send", "set", "show", "spawn", "split", "start", "state", "stop",
    "store", "structure", "summari[sz]e", "take", "tell", "test", "track", "translate", "try", "update", "use", "validate", "verify",
    "visit", "wait", "write",
  ].join("|")})\\b`,
  "i",
);

/** The model as the one addressed: "you must", "your answer", "the output must". */
const ADDRESSED = /\b(?:you(?:'ll)?\s+(?:must|should|need to|have to|will|are to|can)|your\s+(?:output|answer|response|reply|report|result|summary)|(?:the|each)\s+(?:output|answer|response|reply)\s+(?:must|should)|must\s+(?:be|include|contain|use|follow|have|write|return)|please\b)/i;

/** A sentence whose subject is a script or tool: its behaviour, not the model's task. */
const THING_SUBJECT = /^(?:the|this|each|every|our|that|these|those|both|all)\s+(?:\w+\s+)?(?:scripts?|tools?|servers?|commands?|library|libraries|functions?|programs?|api|module|helpers?|cli|endpoint|process(?:es)?|files?)\b/i;

/** A "when/if X, do Y" lead: the ask is after the comma. */
const CONDITION_LEAD = /^(?:if|when|whenever|once|after|before|for|to|unless|in)\b[^,]{0,120},\s*/i;

/** True when the sentence tells what a script or tool does ("The script runs them in parallel"). */
export const aboutThing = (sentence: string): boolean => THING_SUBJECT.test(sentence.replace(LEAD, ""));

export function isDirective(sentence: string): boolean {
  const text = sentence.replace(LEAD, "");
  if (THING_SUBJECT.test(text)) return false;
  if (IMPERATIVE.test(text) || ADDRESSED.test(text)) return true;
  const afterCondition = text.replace(CONDITION_LEAD, "").replace(LEAD, "");
  return afterCondition !== text && IMPERATIVE.test(afterCondition);
}

const NEGATION = /\b(?:no|not|never|without|don't|do not|doesn't|does not|can't|cannot|avoid|instead of|rather than)\b/i;

/** True when a negation comes before `at` in the sentence ("do not use sub-agents"). */
export const negatedBefore = (sentence: string, at: number): boolean => NEGATION.test(sentence.slice(Math.max(0, at - 40), at));
