import { codeBlock, clip } from "../graders/answer.js";
import { runChecker } from "../graders/sandbox.js";
import { bytes, occurrences, paragraphs, sections, sentences } from "../graders/text.js";
import { fail, firstFailure, pass, says, type InstanceBody, type ProbeFamily, type Verdict } from "../probe.js";
import type { Rng } from "../rng.js";
import { sameJson } from "./code-probe.js";
import { NAMES, NOUNS, TOPICS, paragraph } from "./words.js";

/** A checker over the reply text: a failure reason, or undefined when it holds. */
type TextCheck = (text: string) => string | undefined;

export function textProbe(prompt: string, reference: string, nearMiss: string, checks: TextCheck[]): InstanceBody {
  return {
    prompt,
    reference: says(reference),
    nearMiss: says(nearMiss),
    async grade(outcome) {
      for (const check of checks) {
        const problem = check(outcome.text);
        if (problem) return fail(problem);
      }
      return pass();
    },
  };
}

// ---------- gen.text.structured: JSON values checked exactly ----------

/** The JSON of a reply: a json fence if there is one, else the whole reply. */
export function replyJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const body = codeBlock(text, ["json"]) ?? text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false, reason: `reply is not valid JSON: ${clip(body.trim(), 60)}` };
  }
}

function jsonProbe(prompt: string, expected: unknown, nearMiss: unknown, maxBytes?: number, minBytes?: number): InstanceBody {
  const fenced = (v: unknown) => says(`\`\`\`json\n${JSON.stringify(v, null, 2)}\n\`\`\``);
  return {
    prompt: `${prompt}\n\nReply with the JSON in one fenced code block tagged json.`,
    reference: fenced(expected),
    nearMiss: fenced(nearMiss),
    async grade(outcome): Promise<Verdict> {
      const parsed = replyJson(outcome.text);
      if (!parsed.ok) return fail(parsed.reason);
      const size = bytes(JSON.stringify(parsed.value));
      if (maxBytes && size > maxBytes) return fail(`JSON is ${size} bytes, limit ${maxBytes}`);
      if (minBytes && size < minBytes) return fail(`JSON is ${size} bytes, at least ${minBytes} asked`);
      return sameJson(parsed.value, expected) ? pass() : fail(`JSON differs from the specification: got ${clip(JSON.stringify(parsed.value))}`);
    },
  };
}

function flatJson(rng: Rng) {
  const value = { id: rng.int(1000, 9999), label: rng.pick(NOUNS), active: rng.pick([true, false]), ratio: rng.int(1, 99) / 100, owner: null };
  return jsonProbe(
    `Produce a flat JSON object (under 500 bytes) with exactly these fields: "id" the integer ${value.id}, "label" the string "${value.label}", "active" the boolean ${value.active}, "ratio" the number ${value.ratio}, "owner" null.`,
    value,
    { ...value, id: String(value.id) },
    500,
  );
}

function nestedJson(rng: Rng) {
  const items = rng.sample(NOUNS, rng.int(2, 4)).map((n) => ({ sku: n.toUpperCase().slice(0, 4) + rng.int(10, 99), qty: rng.int(1, 9) }));
  const customer = { name: rng.pick(NAMES), vip: rng.pick([true, false]) };
  const value = { order: { id: rng.int(100, 999), customer, items, total_qty: items.reduce((s, i) => s + i.qty, 0), shipped: false } };
  return jsonProbe(
    `Produce a JSON object with one key "order" holding: "id" ${value.order.id}; "customer" an object with "name" "${customer.name}" and "vip" ${customer.vip}; "items" an array of objects {"sku", "qty"} in this order: ${items.map((i) => `${i.sku} x${i.qty}`).join(", ")}; "total_qty" the sum of the quantities; "shipped" false.`,
    value,
    { order: { ...value.order, customer: { ...customer, vip: String(customer.vip) } } },
    5000,
  );
}

function generatedJson(rng: Rng) {
  const n = rng.int(70, 90);
  const k = rng.int(3, 7);
  const name = `series-${rng.token(4)}`;
  const pad = (i: number) => String(i).padStart(3, "0");
  const series = Array.from({ length: n }, (_, j) => ({ i: j + 1, square: (j + 1) ** 2, label: `item-${pad(j + 1)}`, group: (j + 1) % k, even: (j + 1) % 2 === 0 }));
  const off = series.map((r) => (r.i === n ? { ...r, square: r.square + 1 } : r));
  return jsonProbe(
    `Produce a JSON object {"name": "${name}", "records": [...]} whose "records" array holds ${n} objects, one for each i from 1 to ${n} in order: {"i": i, "square": i*i, "label": "item-" followed by i padded with zeros to 3 digits, "group": i modulo ${k}, "even": whether i is even}. The document will be well over 4 KB; write every record out in full.`,
    { name, records: series },
    { name, records: off },
    undefined,
    4000,
  );
}

// ---------- gen.text.long: structure kept to the end ----------

function numberedList(rng: Rng) {
  const tok = rng.token(5);
  const n = rng.int(12, 20);
  const topic = rng.pick(TOPICS);
  const item = (i: number) => `${i}. ${paragraph(rng, 1)}`;
  const items = Array.from({ length: n }, (_, i) => item(i + 1));
  const render = (its: string[]) => [`BEGIN-${tok}`, ...its, `END-${tok}`].join("\n");
  return textProbe(
    `Write a numbered list of exactly ${n} distinct key ideas about ${topic}, numbered "1." to "${n}.", one per line, each a full sentence. Put a line that says only BEGIN-${tok} before the list and a line that says only END-${tok} after it.`,
    render(items),
    render(items.slice(0, -1)),
    [
      (t) => {
        const lines = t.split("\n").map((l) => l.trim());
        const [b, e] = [lines.indexOf(`BEGIN-${tok}`), lines.indexOf(`END-${tok}`)];
        if (b < 0 || e < b) return "no BEGIN/END marker lines around the list";
        const body = lines.slice(b + 1, e).filter(Boolean);
        if (body.length !== n) return `${body.length} items between the markers, expected ${n}`;
        const bad = body.findIndex((l, i) => !new RegExp(`^${i + 1}\\.\\s+\\S+(\\s+\\S+){3,}`).test(l));
        return bad >= 0 ? `item ${bad + 1} is not numbered ${bad + 1}. with a sentence: ${clip(body[bad]!)}` : undefined;
      },
    ],
  );
}

const sectionParagraphs = (body: string) => paragraphs(body).filter((p) => sentences(p).length >= 2);

function sectionedDoc(rng: Rng) {
  const titles = rng.sample(["Background", "Method", "Findings", "Risks", "Costs", "Next steps"], rng.int(3, 4));
  const [min, max] = [1500, 6000];
  const render = (paras: number[]) => titles.map((t, i) => `## ${t}\n\n${Array.from({ length: paras[i]! }, () => paragraph(rng, 3)).join("\n\n")}`).join("\n\n");
  const counts = titles.map(() => 3);
  return textProbe(
    `Write a technical document about ${rng.pick(TOPICS)} with exactly these sections, in order, each a "## " heading: ${titles.join(", ")}. Each section has at least 2 paragraphs of at least 2 sentences. The whole document is between ${min} and ${max} bytes.`,
    render(counts),
    render(counts.map((c, i) => (i === 1 ? 1 : c))),
    [
      (t) => (bytes(t) < min || bytes(t) > max ? `document is ${bytes(t)} bytes, outside ${min}-${max}` : undefined),
      (t) => {
        const got = sections(t).map((s) => s.title);
        return sameJson(got, titles) ? undefined : `sections ${clip(JSON.stringify(got))}, expected ${clip(JSON.stringify(titles))}`;
      },
      (t) => {
        const thin = sections(t).find((s) => sectionParagraphs(s.body).length < 2);
        return thin ? `section "${thin.title}" has fewer than 2 paragraphs of 2+ sentences` : undefined;
      },
    ],
  );
}

function referenceDoc(rng: Rng) {
  const titles = rng.sample(["Overview", "Installation", "Configuration", "Operation", "Maintenance", "Troubleshooting", "Security"], rng.int(4, 5));
  const min = 5120;
  const body = (t: string) => `## ${t}\n\n${[1, 2, 3].map((k) => `### ${t} ${k}\n\n${paragraph(rng, 6)}`).join("\n\n")}`;
  const render = (toc: string[]) => [`# Reference: ${rng.pick(TOPICS)}`, "## Contents", toc.map((t) => `- ${t}`).join("\n"), ...titles.map(body), `## Summary\n\n${paragraph(rng, 4)}`].join("\n\n");
  const swapped = [titles[1]!, titles[0]!, ...titles.slice(2)];
  return textProbe(
    `Write a reference document of more than ${min} bytes. Start with a "# " title. Then a "## Contents" section listing, as "- " items, the main sections in order: ${titles.join(", ")}. Then those sections, each a "## " heading with at least two "### " subsections holding a paragraph each. End with a "## Summary" section.`,
    render(titles),
    render(swapped),
    [
      (t) => (bytes(t) <= min ? `document is ${bytes(t)} bytes, more than ${min} asked` : undefined),
      (t) => (/^#\s+\S/.test(t.trim()) ? undefined : "does not start with a # title"),
      (t) => {
        const all = sections(t);
        const toc = (all.find((s) => s.title === "Contents")?.body ?? "").split("\n").filter((l) => /^\s*[-*]\s/.test(l)).map((l) => l.replace(/^\s*[-*]\s+/, "").trim());
        const main = all.map((s) => s.title).filter((s) => s !== "Contents" && s !== "Summary");
        if (!sameJson(toc, titles)) return `contents list ${clip(JSON.stringify(toc))}, expected ${clip(JSON.stringify(titles))}`;
        if (!sameJson(main, titles)) return `main sections ${clip(JSON.stringify(main))} do not match the contents`;
        if (all.at(-1)?.title !== "Summary") return "does not end with a Summary section";
        const thin = all.find((s) => titles.includes(s.title) && sections(s.body, 3).filter((sub) => paragraphs(sub.body).length > 0).length < 2);
        return thin ? `section "${thin.title}" has fewer than two ### subsections with text` : undefined;
      },
    ],
  );
}

// ---------- gen.text.prose ----------

const keywordCheck = (keywords: string[]): TextCheck => (t) => {
  const missing = keywords.filter((k) => occurrences(t, k, true) === 0);
  return missing.length ? `missing keywords: ${missing.join(", ")}` : undefined;
};

function proseParagraph(rng: Rng) {
  const keywords = rng.sample(NOUNS, 3);
  const min = rng.int(4, 6);
  const text = paragraph(rng, min + 1, keywords);
  const missing = text.replace(new RegExp(`\\b${keywords[2]}\\b`, "gi"), "item");
  return textProbe(
    `Write a single paragraph (no headings, no blank lines, no list) of at least ${min} sentences about ${rng.pick(TOPICS)} that uses the words ${keywords.join(", ")}.`,
    text,
    missing,
    [
      (t) => (paragraphs(t).length !== 1 || /^\s*(#|[-*]\s|\d+\.)/m.test(t) ? "not a single plain paragraph" : undefined),
      (t) => (sentences(t).length < min ? `${sentences(t).length} sentences, at least ${min} asked` : undefined),
      keywordCheck(keywords),
    ],
  );
}

function essay(rng: Rng) {
  const topic = rng.pick(TOPICS);
  const keywords = rng.sample(NOUNS, 2);
  const render = (n: number) => [`# On ${topic}`, ...Array.from({ length: n }, (_, i) => `## Part ${i + 1}\n\n${paragraph(rng, 3, i === 0 ? keywords : [])}\n\n${paragraph(rng, 3)}`)].join("\n\n");
  return textProbe(
    `Write an essay about ${topic}: a "# " title line first, then at least 3 sections with "## " headings, each with at least 2 paragraphs. Use the words ${keywords.join(" and ")} somewhere.`,
    render(3),
    render(2),
    [
      (t) => (/^#\s+\S/.test(t.trim()) ? undefined : "the first line is not a # title"),
      (t) => (sections(t).length < 3 ? `${sections(t).length} sections, at least 3 asked` : undefined),
      (t) => (sections(t).some((s) => paragraphs(s.body).length < 2) ? "a section has fewer than 2 paragraphs" : undefined),
      keywordCheck(keywords),
    ],
  );
}

function genreDoc(rng: Rng) {
  const topic = rng.pick(TOPICS);
  const body = rng.sample(["Evidence", "Trade-offs", "Costs", "Outlook", "Alternatives"], 2);
  const titles = ["Introduction", ...body, "Conclusion"];
  const render = (intro: string) => titles.map((t, i) => `## ${t}\n\n${i === 0 ? intro : paragraph(rng, 3, i === titles.length - 1 ? [topic] : [])}`).join("\n\n");
  const intro = paragraph(rng, 3);
  return textProbe(
    `Write a technical analysis of ${topic} in an impersonal register: sections "## Introduction", ${body.map((b) => `"## ${b}"`).join(", ")} and "## Conclusion", in that order, each with at least 3 sentences. No first-person words (I, me, my, we, us, our). The conclusion names "${topic}".`,
    render(intro),
    render(`We believe that ${intro}`),
    [
      (t) => {
        const got = sections(t).map((s) => s.title);
        return sameJson(got, titles) ? undefined : `sections ${clip(JSON.stringify(got))}, expected ${clip(JSON.stringify(titles))}`;
      },
      (t) => (sections(t).some((s) => sentences(s.body).length < 3) ? "a section has fewer than 3 sentences" : undefined),
      (t) => (/\b(?:I|me|my|we|us|our)\b/i.test(t) ? "uses first-person words" : undefined),
      (t) => (sections(t).at(-1)?.body.toLowerCase().includes(topic.toLowerCase()) ? undefined : `the conclusion does not name "${topic}"`),
    ],
  );
}

// ---------- gen.regex: tested in a Node child, so a pathological pattern only costs its timeout ----------

const REGEX_CHECKER = `
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const { pattern, accept, reject } = JSON.parse(Buffer.concat(chunks).toString());
let re;
try { re = new RegExp(pattern); } catch (e) { console.log(JSON.stringify({ error: String(e.message) })); process.exit(0); }
console.log(JSON.stringify({ missed: accept.filter((s) => !re.test(s)), wrongly: reject.filter((s) => re.test(s)) }));
`;

function regexProbe(rng: Rng, task: string, reference: string, nearMiss: string, accept: string[], reject: string[]): InstanceBody {
  const [a, r] = [rng.shuffle(accept), rng.shuffle(reject)];
  const fence = (p: string) => says(`\`\`\`regex\n${p}\n\`\`\``);
  return {
    prompt: `${task}\n\nIt will be tested as new RegExp(pattern).test(s) in JavaScript on hidden strings. Examples it must accept: ${a.slice(0, 2).map((s) => JSON.stringify(s)).join(", ")}. Examples it must reject: ${r.slice(0, 2).map((s) => JSON.stringify(s)).join(", ")}.\n\nReply with the pattern alone (no slashes, no flags) in one fenced code block tagged regex.`,
    reference: fence(reference),
    nearMiss: fence(nearMiss),
    async grade(outcome, { signal }) {
      const pattern = codeBlock(outcome.text, ["regex", "regexp", "re"])?.trim().replace(/^\/(.*)\/$/, "$1");
      if (!pattern) return fail("no regex code block in the reply");
      const run = await runChecker<{ error?: string; missed?: string[]; wrongly?: string[] }>(REGEX_CHECKER, { pattern, accept: a, reject: r }, signal, "javascript");
      if (!run.ok) return fail(`regex checker: ${run.reason}`);
      if (run.value.error) return fail(`invalid pattern: ${run.value.error}`);
      return firstFailure(
        run.value.missed?.length ? fail(`rejects ${run.value.missed.length} strings it must accept, e.g. ${clip(run.value.missed[0]!)}`) : undefined,
        run.value.wrongly?.length ? fail(`accepts ${run.value.wrongly.length} strings it must reject, e.g. ${clip(run.value.wrongly[0]!)}`) : undefined,
      );
    },
  };
}

function regexWord(rng: Rng) {
  const word = rng.pick(NOUNS);
  const near = `${word.slice(0, -1)}${word.at(-1) === "x" ? "y" : "x"}`;
  const others = NOUNS.filter((n) => !n.includes(word.slice(0, -1)));
  const around = () => `${rng.pick(others)} ${rng.pick(["", "pre", "un"])}`;
  const accept = Array.from({ length: 6 }, () => `${around()}${word}${rng.pick(["", "s", " end", "-2"])}`);
  const reject = [...Array.from({ length: 4 }, () => `${around()}${near} ${rng.pick(others)}`), word.toUpperCase(), `${word.slice(0, 2)} ${word.slice(2)}`];
  return regexProbe(rng, `Write a regular expression that matches any string containing "${word}" (lowercase) anywhere, even inside a longer word.`, word, word.slice(0, -1), accept, reject);
}

function regexDate(rng: Rng) {
  const two = (n: number) => String(n).padStart(2, "0");
  const date = () => `${rng.int(1990, 2030)}-${two(rng.int(1, 12))}-${two(rng.int(1, 31))}`;
  const accept = Array.from({ length: 6 }, date);
  const reject = [`${rng.int(1990, 2030)}-13-0${rng.int(1, 9)}`, `${rng.int(1990, 2030)}-00-1${rng.int(0, 9)}`, `${date()}x`, ` ${date()}`, `${rng.int(1990, 2030)}-${two(rng.int(1, 12))}-32`, `${rng.int(10, 99)}-01-01`, `${date()} ${date()}`];
  const ref = "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$";
  return regexProbe(rng, "Write a regular expression that accepts exactly a date YYYY-MM-DD (4-digit year, month 01-12, day 01-31) and nothing else: no leading or trailing characters.", ref, ref.slice(0, -1), accept, reject);
}

function regexPassword(rng: Rng) {
  const n = rng.int(8, 12);
  const lower = "abcdefghjkmnpqrstuvwxyz";
  const chars = (k: number, set: string) => Array.from({ length: k }, () => rng.pick([...set])).join("");
  const good = () => rng.shuffle([...`${chars(n - 2, lower + "!#%")}${chars(1, "ABCDEFGHJK")}${chars(1, "23456789")}`]).join("");
  const accept = Array.from({ length: 6 }, good);
  const reject = [
    chars(n + 1, lower + "ABC"),
    `${chars(n, lower)}7`,
    `${chars(n, lower)}Q`,
    `Ab1${chars(n - 4, lower)}`,
    `${chars(n - 2, lower)}A 9`,
    `${chars(n, "ABCDEFGHJK")}`,
  ];
  const ref = `^(?=.*[A-Z])(?=.*\\d)\\S{${n},}$`;
  return regexProbe(
    rng,
    `Write a regular expression (use lookaheads) for a password policy: at least ${n} characters, at least one uppercase letter A-Z, at least one digit, and no whitespace anywhere.`,
    ref,
    ref.replace("(?=.*\\d)", ""),
    accept,
    reject,
  );
}

export const genTextFamilies: ProbeFamily[] = [
  {
    primitive: "gen.text.structured",
    mode: "answer",
    levels: {
      L1: { description: "JSON: a flat object with exact keys, types and values, under 500 bytes", make: flatJson },
      L2: { description: "JSON: a nested object with arrays, booleans and a computed total", make: nestedJson },
      L3: { description: "JSON: a 4 KB+ document of records generated by a rule, every value exact", make: generatedJson },
    },
  },
  {
    primitive: "gen.text.long",
    mode: "answer",
    levels: {
      L1: { description: "a numbered list of an exact length between marker lines", make: numberedList },
      L2: { description: "a sectioned document with paragraphs per section inside a byte range", make: sectionedDoc },
      L3: { description: "a 5 KB+ reference with a contents list matching its sections and subsections", make: referenceDoc },
    },
  },
  {
    primitive: "gen.text.prose",
    mode: "answer",
    levels: {
      L1: { description: "one paragraph with a minimum sentence count and required keywords", make: proseParagraph },
      L2: { description: "a titled essay with 3+ headed sections of 2+ paragraphs", make: essay },
      L3: { description: "a technical analysis in an impersonal register with fixed sections", make: genreDoc },
    },
  },
  {
    primitive: "gen.regex",
    mode: "answer",
    levels: {
      L1: { description: "regex: a word anywhere in a string", make: regexWord },
      L2: { description: "regex: an anchored date with month and day ranges", make: regexDate },
      L3: { description: "regex: a password policy with lookaheads", make: regexPassword },
    },
  },
];
