import { z } from "zod";
import { clip } from "../graders/answer.js";
import { bytes, CONTRACTION, FIRST_PERSON, occurrences, paragraphs, sections, sentences, words } from "../graders/text.js";
import { fail, pass, says, type InstanceBody, type ProbeFamily } from "../probe.js";
import type { Rng } from "../rng.js";
import { sameJson } from "./code-probe.js";
import { textProbe } from "./gen-text.js";
import { FILLER, NOUNS, TOPICS, paragraph, sentence } from "./words.js";

// ---------- follow.format: the reply is the format, nothing around it ----------

function keyValueLines(rng: Rng) {
  const keys = rng.sample(["colour", "animal", "city", "fruit", "metal", "river", "tool"], rng.int(4, 6));
  const values = keys.map(() => rng.pick(NOUNS));
  const render = (ks: string[]) => ks.map((k, i) => `${k}: ${values[i]}`).join("\n");
  const swapped = [keys[1]!, keys[0]!, ...keys.slice(2)];
  return textProbe(
    `Reply with exactly ${keys.length} lines and nothing else, one per key in this order: ${keys.join(", ")}. Each line is "key: value" where value is one lowercase word of your choice.`,
    render(keys),
    render(swapped),
    [
      (t) => {
        const lines = t.trim().split("\n");
        if (lines.length !== keys.length) return `${lines.length} lines, expected exactly ${keys.length}`;
        const bad = lines.findIndex((l, i) => !new RegExp(`^${keys[i]}: [a-z]+$`).test(l.trim()));
        return bad >= 0 ? `line ${bad + 1} is not "${keys[bad]}: <lowercase word>": ${clip(lines[bad]!)}` : undefined;
      },
    ],
  );
}

/** The reply must be raw JSON (no fences, no prose) and satisfy `schema` and `extra`. */
function rawJsonProbe(prompt: string, reference: string, nearMiss: string, schema: z.ZodType, extra: (raw: string, value: unknown) => string | undefined = () => undefined): InstanceBody {
  return {
    prompt: `${prompt}\n\nReply with the raw JSON object only: no code fence, no text before or after.`,
    reference: says(reference),
    nearMiss: says(nearMiss),
    async grade(outcome) {
      const raw = outcome.text.trim();
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        return fail(`reply is not raw JSON: ${clip(raw, 60)}`);
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return fail(`schema: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
      }
      const problem = extra(raw, value);
      return problem ? fail(problem) : pass();
    },
  };
}

function schemaJson(rng: Rng) {
  const sources = rng.sample(["survey", "sensor", "ledger", "import"], 3);
  const [n, most] = [rng.int(2, 4), rng.int(5, 9)];
  const schema = z.strictObject({
    name: z.string().min(1),
    count: z.number().int().min(1).max(most),
    tags: z.array(z.string().regex(/^[a-z]+$/)).length(n),
    meta: z.strictObject({ source: z.enum(sources as [string, ...string[]]), verified: z.boolean() }),
  });
  const value = { name: rng.pick(NOUNS), count: rng.int(1, most), tags: rng.sample(NOUNS, n), meta: { source: rng.pick(sources), verified: true } };
  return rawJsonProbe(
    `Produce a JSON object with exactly these keys: "name" (a non-empty string), "count" (an integer from 1 to ${most}), "tags" (an array of exactly ${n} lowercase words), "meta" (an object with exactly "source", one of ${sources.map((s) => `"${s}"`).join(", ")}, and "verified", a boolean). Values are yours to choose within those rules.`,
    JSON.stringify(value, null, 2),
    JSON.stringify({ ...value, count: String(value.count) }, null, 2),
    schema,
  );
}

function constrainedJson(rng: Rng) {
  const keys = rng.sample(["alpha", "bravo", "delta", "echo", "kilo", "lima", "oscar", "tango"], rng.int(5, 6)).sort();
  const limit = rng.int(150, 200);
  const numeric = keys[1]!;
  const schema = z.record(z.string(), z.union([z.string().regex(/^[A-Z0-9 ]+$/, "strings must be uppercase"), z.number().int()]));
  const value = Object.fromEntries(keys.map((k) => [k, k === numeric ? rng.int(1, 99) : rng.pick(NOUNS).toUpperCase()]));
  const unsorted = Object.fromEntries([keys[1]!, keys[0]!, ...keys.slice(2)].map((k) => [k, value[k]]));
  return rawJsonProbe(
    `Produce a JSON object meeting all of these at once: exactly the keys ${keys.map((k) => `"${k}"`).join(", ")}, written in alphabetical order; "${numeric}" is an integer and every other value is a string in UPPERCASE letters; the whole reply is at most ${limit} bytes.`,
    JSON.stringify(value),
    JSON.stringify(unsorted),
    schema,
    (raw, v) => {
      if (bytes(raw) > limit) return `${bytes(raw)} bytes, limit ${limit}`;
      const got = Object.keys(v as object);
      if (!sameJson([...got].sort(), keys)) return `keys ${clip(got.join(","))}, expected ${keys.join(",")}`;
      if (!sameJson(got, keys)) return `keys are not in alphabetical order: ${got.join(", ")}`;
      return typeof (v as Record<string, unknown>)[numeric] === "number" ? undefined : `"${numeric}" must be an integer`;
    },
  );
}

// ---------- follow.constraint ----------

const wordCount = (t: string) => words(t).length;

function requiredWord(rng: Rng) {
  const word = rng.pick(["Quasar", "Zephyr", "Obsidian", "Marmalade", "Kestrel"]);
  const max = rng.int(40, 60);
  const text = paragraph(rng, 2, [word]);
  return textProbe(
    `Write a paragraph of 2 to 4 sentences and at most ${max} words about ${rng.pick(TOPICS)} that contains the word "${word}" exactly as written here (capital first letter).`,
    text,
    text.replaceAll(word, word.toLowerCase()),
    [
      (t) => (wordCount(t) > max ? `${wordCount(t)} words, at most ${max}` : undefined),
      (t) => (sentences(t).length < 2 || sentences(t).length > 4 ? `${sentences(t).length} sentences, 2 to 4 asked` : undefined),
      (t) => (occurrences(t, word) === 0 ? `"${word}" (case-sensitive) is missing` : undefined),
    ],
  );
}

function fourConstraints(rng: Rng) {
  const [first, once] = [rng.pick(["Today", "Often", "Usually", "Here"]), rng.pick(NOUNS)];
  const [n, max] = [rng.int(3, 5), rng.int(70, 90)];
  const body = Array.from({ length: n }, (_, i) => sentence(rng, 8, i === 1 ? [once] : []).replace(/^./, (c) => c.toLowerCase()));
  const render = (extra: string) => [`${first} ${body[0]}`, ...body.slice(1).map((s) => s[0]!.toUpperCase() + s.slice(1))].join(" ").replace(/\.$/, `${extra}.`);
  return textProbe(
    `Write exactly ${n} sentences, fewer than ${max} words in all, about ${rng.pick(TOPICS)}. The first word is "${first}". The word "${once}" appears exactly once.`,
    render(""),
    render(` and ${once}`),
    [
      (t) => (t.trim().split(/\s+/)[0]?.replace(/[^A-Za-z]/g, "") === first ? undefined : `does not start with "${first}"`),
      (t) => (occurrences(t, once, true) === 1 ? undefined : `"${once}" appears ${occurrences(t, once, true)} times, exactly once asked`),
      (t) => (wordCount(t) < max ? undefined : `${wordCount(t)} words, fewer than ${max} asked`),
      (t) => (sentences(t).length === n ? undefined : `${sentences(t).length} sentences, exactly ${n} asked`),
    ],
  );
}

function linesWithRules(rng: Rng) {
  const forbidden = rng.sample(["and", "the", "that", "with", "over"], 3);
  const allowed = FILLER.filter((w) => !forbidden.includes(w));
  const pool = [...NOUNS, ...allowed].filter((w) => !forbidden.includes(w));
  const initials = rng.sample([...new Set(pool.map((w) => w[0]!))], rng.int(4, 6)).sort();
  const limit = 400;
  const lineFor = (letter: string) => {
    const start = pool.filter((w) => w[0] === letter);
    return `${rng.pick(start).replace(/^./, (c) => c.toUpperCase())} ${Array.from({ length: rng.int(3, 5) }, () => rng.pick(allowed)).join(" ")}`;
  };
  const lines = initials.map(lineFor);
  const broken = [...lines.slice(0, -1), `${lines.at(-1)} ${forbidden[0]}`];
  return textProbe(
    `Write exactly ${initials.length} lines and nothing else. Line i starts with a word beginning with the letter given for it, in this order: ${initials.map((l) => l.toUpperCase()).join(", ")}. None of these words may appear anywhere (any case): ${forbidden.join(", ")}. The whole reply is at most ${limit} bytes.`,
    lines.join("\n"),
    broken.join("\n"),
    [
      (t) => (bytes(t.trim()) > limit ? `${bytes(t.trim())} bytes, limit ${limit}` : undefined),
      (t) => {
        const ls = t.trim().split("\n").filter((l) => l.trim());
        if (ls.length !== initials.length) return `${ls.length} lines, exactly ${initials.length} asked`;
        const bad = ls.findIndex((l, i) => l.trim()[0]?.toLowerCase() !== initials[i]);
        return bad >= 0 ? `line ${bad + 1} does not start with ${initials[bad]!.toUpperCase()}` : undefined;
      },
      (t) => {
        const used = forbidden.filter((w) => occurrences(t, w, true) > 0);
        return used.length ? `uses forbidden words: ${used.join(", ")}` : undefined;
      },
    ],
  );
}

// ---------- follow.procedure: the exact lines the steps produce ----------

function exactLines(prompt: string, expected: string[], nearMiss: string[]): InstanceBody {
  return {
    prompt: `${prompt}\n\nOutput only the lines the steps write, one per line, nothing else.`,
    reference: says(expected.join("\n")),
    nearMiss: says(nearMiss.join("\n")),
    async grade(outcome) {
      const got = outcome.text.split("\n").map((l) => l.trim()).filter(Boolean);
      const at = expected.findIndex((line, i) => got[i] !== line);
      if (at >= 0) return fail(`line ${at + 1}: expected ${clip(expected[at]!)}, got ${clip(got[at] ?? "(nothing)")}`);
      return got.length === expected.length ? pass() : fail(`${got.length - expected.length} extra lines after the procedure`);
    },
  };
}

function markers(rng: Rng) {
  const tok = rng.token(5).toUpperCase();
  const n = rng.int(5, 12);
  const lines = [`START-${tok}`, ...Array.from({ length: n }, (_, i) => String(i + 1)), `END-${tok}`];
  return exactLines(`Step 1: write the line START-${tok}.\nStep 2: write the numbers 1 to ${n}, one per line.\nStep 3: write the line END-${tok}.`, lines, [...lines.slice(0, -2), lines.at(-1)!]);
}

function branching(rng: Rng) {
  const [start, add, big] = [rng.int(7, 60), rng.int(3, 19), rng.int(20, 80)];
  const out: string[] = [String(start)];
  let x = start % 2 === 0 ? start / 2 : 3 * start + 1;
  out.push(String(x));
  x += add;
  out.push(String(x));
  const verdict = x > big ? "BIG" : "SMALL";
  out.push(verdict);
  x *= 2;
  out.push(String(x), "DONE");
  const flipped = out.map((l) => (l === verdict ? (verdict === "BIG" ? "SMALL" : "BIG") : l));
  return exactLines(
    `Let x = ${start}.\nStep 1: write x.\nStep 2: if x is even, set x to x / 2; otherwise set x to 3 * x + 1. Write x.\nStep 3: add ${add} to x. Write x.\nStep 4: if x is greater than ${big}, write BIG; otherwise write SMALL.\nStep 5: multiply x by 2. Write x.\nStep 6: write DONE.`,
    out,
    flipped,
  );
}

function rounds(rng: Rng) {
  const pool = rng.sample(NOUNS, rng.int(5, 7));
  const [start, step, r] = [rng.int(0, pool.length - 1), rng.int(2, 4), rng.int(6, 9)];
  const letter = rng.pick([...new Set(pool.map((w) => w[0]!))]);
  const out: string[] = [];
  let i = start;
  for (let k = 0; k < r; k++) {
    out.push(pool[i]!);
    i = (i + step) % pool.length;
  }
  const count = out.filter((w) => w.startsWith(letter)).length;
  const lines = [...out, `COUNT: ${count}`];
  return exactLines(
    `Word pool (positions 0 to ${pool.length - 1}): ${pool.join(", ")}.\nSet i = ${start}. Repeat ${r} rounds: write the word at position i, then set i = (i + ${step}) modulo ${pool.length}.\nAfter the rounds, write "COUNT: n" where n is how many of the words you wrote start with the letter "${letter}".`,
    lines,
    [...out, `COUNT: ${count + 1}`],
  );
}

// ---------- follow.style ----------

function formal(rng: Rng) {
  const [topic, noun] = [rng.pick(TOPICS), rng.pick(NOUNS)];
  const text = `${sentence(rng, 12, [topic])} ${sentence(rng, 12, [noun])}`;
  return textProbe(
    `Write 2 or 3 sentences about ${topic} in a formal academic tone: no contractions (such as don't or it's) and no first-person words (I, me, my, we, us, our). Mention "${topic}" and the word "${noun}".`,
    text,
    `It's true that ${text[0]!.toLowerCase()}${text.slice(1)}`,
    [
      (t) => (sentences(t).length < 2 || sentences(t).length > 3 ? `${sentences(t).length} sentences, 2 or 3 asked` : undefined),
      (t) => (CONTRACTION.test(t) || /n't\b/.test(t) ? `contraction: ${clip(t.match(CONTRACTION)?.[0] ?? "n't")}` : undefined),
      (t) => (FIRST_PERSON.test(t) ? `first-person word: ${t.match(FIRST_PERSON)![0]}` : undefined),
      (t) => (t.toLowerCase().includes(topic) ? undefined : `does not mention "${topic}"`),
      (t) => (occurrences(t, noun, true) ? undefined : `does not use the word "${noun}"`),
    ],
  );
}

const CHILD_TOPICS: Record<string, string[]> = {
  rainbows: ["refraction", "wavelength", "spectrum", "dispersion"],
  volcanoes: ["magma", "tectonic", "eruption", "geothermal"],
  plants: ["photosynthesis", "chlorophyll", "glucose", "stomata"],
  thunder: ["discharge", "acoustic", "atmospheric", "plasma"],
};
const SIMPLE = ["the", "sun", "is", "big", "and", "warm", "you", "can", "see", "it", "in", "sky", "so", "fun", "look", "up", "light", "makes", "pretty", "colors", "rain", "drops", "play"];

function forChild(rng: Rng) {
  const topic = rng.pick(Object.keys(CHILD_TOPICS));
  const jargon = CHILD_TOPICS[topic]!;
  const [max, friend] = [rng.int(10, 12), rng.pick(["dog", "cat", "ball", "cake", "boat", "bird", "duck", "bear"])];
  const simple = () => {
    const s = Array.from({ length: rng.int(5, 9) }, () => rng.pick(SIMPLE)).join(" ");
    return `${s[0]!.toUpperCase()}${s.slice(1)}`;
  };
  const text = [`Let us talk about ${topic}!`, `A ${friend} can see it too.`, ...Array.from({ length: 2 }, () => `${simple()}.`), `${simple()}!`].join(" ");
  return textProbe(
    `Explain ${topic} to a five-year-old in 3 to 6 sentences, with a ${friend} in it. Every sentence has at most ${max} words, no word is longer than 10 letters, show excitement with at least one exclamation mark, and avoid these grown-up words: ${jargon.join(", ")}.`,
    text,
    text.replace("Let us talk", `Let us talk ${jargon[0]}`),
    [
      (t) => (sentences(t).length < 3 || sentences(t).length > 6 ? `${sentences(t).length} sentences, 3 to 6 asked` : undefined),
      (t) => (sentences(t).some((s) => words(s).length > max) ? `a sentence has more than ${max} words` : undefined),
      (t) => (occurrences(t, friend, true) ? undefined : `no ${friend} in it`),
      (t) => (words(t).some((w) => w.length > 10) ? `a word longer than 10 letters: ${words(t).find((w) => w.length > 10)}` : undefined),
      (t) => (t.includes("!") ? undefined : "no exclamation mark"),
      (t) => {
        const used = jargon.filter((j) => t.toLowerCase().includes(j));
        return used.length ? `uses grown-up words: ${used.join(", ")}` : undefined;
      },
    ],
  );
}

const REGISTERS: Record<string, { lexicon: string[]; banned: string[] }> = {
  pirate: { lexicon: ["ahoy", "matey", "aye", "arr", "ye", "landlubber"], banned: ["email", "computer", "internet", "smartphone"] },
  Shakespearean: { lexicon: ["thee", "thou", "thy", "hath", "doth", "forsooth"], banned: ["okay", "cool", "email", "guys"] },
  "film noir": { lexicon: ["dame", "gumshoe", "rain-slicked", "cigarette", "shadows", "precinct"], banned: ["awesome", "emoji", "selfie", "lol"] },
};

function register(rng: Rng) {
  const name = rng.pick(Object.keys(REGISTERS));
  const { lexicon, banned } = REGISTERS[name]!;
  const titles = rng.sample(["The Voyage", "The Plan", "The Trouble", "The Reckoning", "The Reward"], 3);
  const para = () => paragraph(rng, 2, [rng.pick(lexicon)]);
  const bodies = titles.map(() => [para(), para()]);
  const render = (bs: string[][]) => titles.map((t, i) => `## ${t}\n\n${bs[i]!.join("\n\n")}`).join("\n\n");
  const plain = bodies.map((b, i) => (i === 2 ? [b[0]!, paragraph(rng, 2)] : b));
  return textProbe(
    `Write a short story in a consistent ${name} voice with three sections, "## " headings in this order: ${titles.join(", ")}. Each section has at least two paragraphs, and every paragraph uses at least one of these words: ${lexicon.join(", ")}. Never use these modern words: ${banned.join(", ")}.`,
    render(bodies),
    render(plain),
    [
      (t) => {
        const got = sections(t).map((s) => s.title);
        return sameJson(got, titles) ? undefined : `sections ${clip(JSON.stringify(got))}, expected ${clip(JSON.stringify(titles))}`;
      },
      (t) => (sections(t).some((s) => paragraphs(s.body).length < 2) ? "a section has fewer than two paragraphs" : undefined),
      (t) => {
        const flat = sections(t).flatMap((s) => paragraphs(s.body));
        const bare = flat.find((p) => !lexicon.some((w) => occurrences(p, w, true) > 0));
        return bare ? `a paragraph drops the ${name} voice: ${clip(bare, 60)}` : undefined;
      },
      (t) => {
        const used = banned.filter((w) => occurrences(t, w, true) > 0);
        return used.length ? `uses modern words: ${used.join(", ")}` : undefined;
      },
    ],
  );
}

export const followFamilies: ProbeFamily[] = [
  {
    primitive: "follow.format",
    mode: "answer",
    levels: {
      L1: { description: "exactly N key: value lines in a given order, nothing else", make: keyValueLines },
      L2: { description: "a raw JSON object matching a schema (types, enum, array length), no fences or prose", make: schemaJson },
      L3: { description: "raw JSON under several rules at once: sorted keys, uppercase strings, a byte limit", make: constrainedJson },
    },
  },
  {
    primitive: "follow.constraint",
    mode: "answer",
    levels: {
      L1: { description: "a paragraph with a case-sensitive required word under a word limit", make: requiredWord },
      L2: { description: "four constraints at once: first word, a word exactly once, word limit, sentence count", make: fourConstraints },
      L3: { description: "exact line count, required initials in order, forbidden words and a byte limit", make: linesWithRules },
    },
  },
  {
    primitive: "follow.procedure",
    mode: "answer",
    levels: {
      L1: { description: "a three-step procedure: marker, count, marker", make: markers },
      L2: { description: "six steps with a condition and computed values", make: branching },
      L3: { description: "a loop over rounds with an index carried between them, then a count", make: rounds },
    },
  },
  {
    primitive: "follow.style",
    mode: "answer",
    levels: {
      L1: { description: "formal register: no contractions, no first person", make: formal },
      L2: { description: "for a five-year-old: short sentences, short words, no jargon, excitement", make: forChild },
      L3: { description: "a themed voice kept in every paragraph of a three-section story", make: register },
    },
  },
];
