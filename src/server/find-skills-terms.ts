import { stemmer } from "stemmer";

/**
 * Words that say nothing about which skill fits ("how do I make a ..."). Kept short: a skill
 * named "make" or "use" is rare, and its name still matches by prefix.
 */
const STOP_WORDS: ReadonlySet<string> = new Set([
  "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "for", "from", "how", "i", "in", "into", "is", "it", "its",
  "me", "my", "of", "on", "or", "please", "some", "that", "the", "this", "to", "use", "using", "want", "with", "you", "your",
]);

/**
 * Words users and skill authors use for the same thing: a query word also searches the others of
 * its group. Only groups where one word names a file format or product the others describe
 * (a model asks for "slides", the skill says "PowerPoint"); stemming covers plain inflections.
 */
const SYNONYM_GROUPS: readonly string[][] = [
  ["spreadsheet", "excel", "xlsx", "sheet", "workbook"],
  ["presentation", "slide", "deck", "pptx", "powerpoint"],
  ["document", "docx", "word"],
  ["image", "picture", "photo", "png", "jpeg", "jpg"],
  ["video", "movie", "clip", "mp4"],
  ["audio", "sound", "mp3", "speech", "voice"],
  ["transcribe", "transcript", "transcription"],
  ["email", "mail", "gmail", "inbox"],
  ["calendar", "schedule", "meeting"],
  ["chart", "graph", "plot", "visualization"],
  ["repository", "repo", "github", "git"],
  ["summarize", "summary", "tldr"],
  ["browser", "website", "webpage", "web"],
  ["translate", "translation", "language"],
  ["merge", "combine"],
  ["message", "chat", "slack"],
];

/** Stems by word: a catalog repeats the same few thousand words, and Porter's rules are regexes. */
const stems = new Map<string, string>();
function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = stemmer(word);
    // Bounded: a hostile catalog of random words must not grow it without end.
    if (stems.size < 100_000) stems.set(word, stemmed);
  }
  return stemmed;
}

const SYNONYMS: ReadonlyMap<string, readonly string[]> = new Map(
  SYNONYM_GROUPS.flatMap((group) => {
    const stems = group.map(stem);
    return stems.map((s) => [s, stems.filter((other) => other !== s)] as const);
  }),
);

/** A word of a skill's name, description or headings as indexed: lowercased and stemmed; stop words dropped. */
export function indexTerm(term: string): string | null {
  const word = term.toLowerCase();
  return STOP_WORDS.has(word) ? null : stem(word);
}

/** A word of a query: its stem and the stems of its synonyms. */
export function queryTerms(term: string): string[] | null {
  const stemmed = indexTerm(term);
  return stemmed === null ? null : [stemmed, ...(SYNONYMS.get(stemmed) ?? [])];
}
