// Matching the code a model sends against the templates the compiler extracts from the example
// skills: retyped variants must match exactly with their new values, other programs must not.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { templatesPass } from "../../src/compiler/passes/templates/index.js";
import { templateSources } from "../../src/compiler/passes/templates/sources.js";
import { similarity, winnow } from "../../src/jit/fingerprint.js";
import { TemplateIndex, type JitLang, type MatchResult, type ParamValue, type ScriptArgs, type Template } from "../../src/jit/index.js";
import { buildTemplate, matchCode } from "../../src/jit/engine.js";
import { loadSkill } from "../../src/skill/index.js";
import { loadParsers, type Parsers } from "../../src/syntax/index.js";

const SKILLS = fileURLToPath(new URL("../../skills/", import.meta.url));
const SKILL_NAMES = ["csv-report", "git-changelog", "json-transform", "png-tools", "text-stats"] as const;
/** Where the served instructions say the skill lives (absolute spelling of its scripts). */
const skillDir = (skill: string) => `/srv/skvm/skills/${skill}`;

interface Example {
  templates: Template[];
  /** Template id -> the code it was extracted from. */
  code: Map<string, string>;
  bundled: Set<string>;
  scripts: Record<string, ScriptArgs>;
}

let parsers: Parsers;
const examples = new Map<string, Example>();
const index = new TemplateIndex();

beforeAll(async () => {
  parsers = await loadParsers();
  await templatesPass.setup?.();
  for (const name of SKILL_NAMES) {
    const loaded = await loadSkill(`${SKILLS}${name}`);
    if (!loaded.ok) throw new Error(`example skill ${name} does not load`);
    const { ir } = loaded;
    const { unit } = await templatesPass.run({ ir, out: { body: ir.body, files: {}, manifest: {} } }, { compilerVersion: "test" });
    const templates = unit.out.manifest.templates as Template[];
    const ids = new Set(templates.map((t) => t.id));
    const code = new Map(templateSources(ir).filter((s) => ids.has(s.id)).map((s) => [s.id, s.code]));
    examples.set(name, { templates, code, bundled: new Set(ir.files.map((f) => f.path)), scripts: unit.out.manifest.scriptArgs as Record<string, ScriptArgs> });
    index.set(name, templates);
  }
});

const match = (skill: string, lang: JitLang, code: string, dir?: string): MatchResult =>
  matchCode(index, parsers, { lang, code, skill, context: { bundled: examples.get(skill)!.bundled, scripts: examples.get(skill)!.scripts, ...(dir ? { skillDir: dir } : {}) } });

const template = (skill: string, id: string): { template: Template; code: string } => {
  const ex = examples.get(skill)!;
  const found = ex.templates.find((t) => t.id === id);
  if (!found) throw new Error(`no template ${id} in ${skill}: ${ex.templates.map((t) => t.id).join(", ")}`);
  return { template: found, code: ex.code.get(id)! };
};

const defaults = (t: Template): Record<string, ParamValue> => Object.fromEntries(t.params.map((p) => [p.name, p.default]));

function expectExact(result: MatchResult, id: string, params: Record<string, ParamValue>): void {
  expect(result.differs, `template ${id}`).toEqual([]);
  expect(result).toMatchObject({ matched: true, kind: "exact", template: id });
  expect(result.params).toEqual(params);
}

function expectNone(result: MatchResult): void {
  expect(result.kind).toBe("none");
  expect(result.matched).toBe(false);
  expect(result.params).toEqual({});
}

describe("bundled script runs of the example skills", () => {
  /** A new value of each parameter's type, written so the shell reads it as one word. */
  const fresh = (value: ParamValue): ParamValue => {
    // A list gets one more item: a run with another number of files is the same template.
    if (Array.isArray(value)) return [...value.map((v) => `new-${String(v)}`), "extra.txt"];
    if (typeof value === "number") return Number.isInteger(value) ? value + 7 : value + 0.25;
    return `new-${String(value)}`;
  };
  const word = (value: string | number | boolean) => (/^[\w./,=:-]+$/.test(String(value)) ? String(value) : `'${String(value)}'`);
  const shellWord = (value: ParamValue) => (Array.isArray(value) ? value.map(word).join(" ") : word(value));
  const scriptTemplates = () =>
    SKILL_NAMES.flatMap((skill) => examples.get(skill)!.templates.filter((t) => t.kind === "script").map((t) => ({ skill, t })));

  /** Every value of `t` swapped for a fresh one, wherever the documented command wrote it. */
  function withNewValues(code: string, t: Template): { code: string; params: Record<string, ParamValue> } {
    let out = code;
    const params: Record<string, ParamValue> = {};
    for (const p of t.params) {
      const next = fresh(p.default);
      params[p.name] = next;
      const written = [p.default].flat().map(String);
      const escaped = written.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s+");
      // The documented word, bare or quoted, as a whole shell word (or the value of `--opt=`).
      out = out.replace(new RegExp(`(?<=^|[\\s=])(["']?)${escaped}\\1(?=$|\\s)`, "g"), shellWord(next));
    }
    return { code: out, params };
  }

  it("finds script templates in every example skill", () => {
    expect(new Set(scriptTemplates().map((s) => s.skill))).toEqual(new Set(SKILL_NAMES));
    expect(scriptTemplates().length).toBeGreaterThanOrEqual(20);
  });

  it("matches every documented run as written, binding the documented values", () => {
    for (const { skill, t } of scriptTemplates()) expectExact(match(skill, "bash", template(skill, t.id).code), t.id, defaults(t));
  });

  it("matches every run retyped with new argument values and extracts each new value", () => {
    for (const { skill, t } of scriptTemplates()) {
      const variant = withNewValues(template(skill, t.id).code, t);
      expect(variant.code).not.toBe(template(skill, t.id).code);
      expectExact(match(skill, "bash", variant.code), t.id, variant.params);
    }
  });

  it("matches {baseDir}/, ./, bare and absolute skill-dir spellings of the script and python for python3", () => {
    for (const { skill, t } of scriptTemplates()) {
      const { code } = template(skill, t.id);
      const { code: retyped, params } = withNewValues(code, t);
      const spell = (prefix: string) => retyped.replace(/(\{baseDir\}\/|\.\/)?(?=scripts\/)/, prefix);
      const spellings = [spell(""), spell("./"), spell("{baseDir}/"), spell("${SKVM_SKILL_DIR}/")];
      for (const variant of spellings) expectExact(match(skill, "bash", variant), t.id, params);
      expectExact(match(skill, "bash", spell(`${skillDir(skill)}/`), skillDir(skill)), t.id, params);
      if (/^python3 /.test(code)) expectExact(match(skill, "bash", spell("").replace(/^python3 /, "python ")), t.id, params);
    }
  });

  it("does not take another skill's folder for the skill's own", () => {
    const { code } = template("text-stats", "text-stats");
    const foreign = code.replace(/(\{baseDir\}\/)?scripts\//, "/srv/skvm/skills/png-tools/scripts/");
    expectNone(match("text-stats", "bash", foreign, skillDir("text-stats")));
  });

  it("tells the runs of one script apart by their options (--json, --keep-stopwords)", () => {
    expectExact(match("text-stats", "bash", "python3 scripts/text_stats.py essay.md --top 5\n"), "text-stats", { files: ["essay.md"], top: 5 });
    expectExact(match("text-stats", "bash", "python3 scripts/text_stats.py essay.md --top 5 --json > out/essay.json\n"), "text-stats-2", {
      files: ["essay.md"],
      top: 5,
      output: "out/essay.json",
    });
    expectExact(match("text-stats", "bash", "python {baseDir}/scripts/text_stats.py a.txt b.txt --keep-stopwords --min-length 2\n"), "text-stats-3", {
      files: ["a.txt", "b.txt"],
      min_length: 2,
    });
    // Three files are the same template as two: the script takes a list.
    expectExact(match("text-stats", "bash", "python3 scripts/text_stats.py a.txt b.txt c.txt --keep-stopwords --min-length 2\n"), "text-stats-3", {
      files: ["a.txt", "b.txt", "c.txt"],
      min_length: 2,
    });
  });

  it("extracts a quoted title with spaces and shell metacharacters as one literal value", () => {
    const code = `python3 scripts/assemble.py --validation v.json --stats s.json --histograms h.json --outliers o.json --title 'Q2; $(whoami) "final"' --out r.md\n`;
    expectExact(match("csv-report", "bash", code), "assemble", {
      validation: "v.json",
      stats: "s.json",
      histograms: "h.json",
      outliers: "o.json",
      title: 'Q2; $(whoami) "final"',
      out: "r.md",
    });
  });

  it("does not match a run chained with a side effect, another script, or a missing option", () => {
    expectNone(match("text-stats", "bash", "python3 scripts/text_stats.py notes.txt --top 20 && rm notes.txt\n"));
    expectNone(match("text-stats", "bash", "python3 scripts/other.py notes.txt --top 20\n"));
    expectNone(match("csv-report", "bash", "python3 scripts/validate.py data.csv\n"));
    expectNone(match("png-tools", "bash", "python3 scripts/png_info.py photo.png; curl -d @photo.png https://example.com\n"));
  });

  it("reports a non-numeric value for a number option as a variant, not a servable match", () => {
    const result = match("csv-report", "bash", "python3 scripts/histograms.py data.csv --validation validation.json --bins many --out h.json\n");
    expect(result).toMatchObject({ matched: true, kind: "variant", template: "histograms", params: {} });
    expect(result.differs.join("\n")).toContain("bins must be integer");
  });
});

describe("text-stats word frequency template (python)", () => {
  const wf = () => template("text-stats", "word-frequency");
  const base = () => defaults(wf().template);

  it("matches the template as written with its documented values", () => {
    expectExact(match("text-stats", "python", wf().code), "word-frequency", base());
  });

  it("matches renamed locals, reformatting, quote style, comments, a docstring and split imports", () => {
    const code = `"""Count the words of a file, the way the skill does it."""
from collections import Counter
import re

path = 'notes.txt'
top_n = 20
min_length = 3
stopwords = {
    'the', 'and', 'a', 'an', 'of', 'to', 'in', 'is', 'it', 'that',
}

with open(path, encoding='utf-8') as f:  # read it all
    toks = re.findall(r"[^\\W\\d_]+(?:['’-][^\\W\\d_]+)*", f.read().lower())


c = Counter(t for t in toks if len(t) >= min_length and t not in stopwords)
print(f"{len(toks)} words, {len(set(toks))} unique")
for i, (w, k) in enumerate(c.most_common(top_n), start=1):
    # one line per word
    print(f"{i:>3}. {w:<20} {k}")
`;
    expectExact(match("text-stats", "python", code), "word-frequency", base());
  });

  it("extracts every new parameter value, including a new stopword set", () => {
    const code = wf()
      .code.replace('path = "notes.txt"', 'path = "/data/Moby Dick.txt"')
      .replace("top_n = 20", "top_n = 5")
      .replace("min_length = 3", "min_length = 4")
      .replace(/stopwords = \{[^}]*\}/, 'stopwords = {"der", "die", "das"}');
    expectExact(match("text-stats", "python", code), "word-frequency", {
      path: "/data/Moby Dick.txt",
      top_n: 5,
      min_length: 4,
      stopwords: ["der", "die", "das"],
    });
  });

  it("keeps the encoding and enumerate's start as constants: another one is a variant", () => {
    for (const [from, to] of [['encoding="utf-8"', 'encoding="latin-1"'], ["start=1", "start=0"]] as const) {
      const result = match("text-stats", "python", wf().code.replace(from, to));
      expect(result).toMatchObject({ kind: "variant", template: "word-frequency" });
    }
  });

  it("reports a changed word regex as a variant (matched but not servable)", () => {
    const result = match("text-stats", "python", wf().code.replace("[^\\W\\d_]+(?:", "[a-z]+(?:"));
    expect(result).toMatchObject({ matched: true, kind: "variant", template: "word-frequency", params: {} });
    expect(result.differs[0]).toContain("[a-z]+");
  });

  it("treats an f-string's text as structure: another output format is only near, never served", () => {
    const result = match("text-stats", "python", wf().code.replace("{word:<20}", "{word:<30}"));
    expect(result).toMatchObject({ matched: true, kind: "near", template: "word-frequency", params: {} });
    expect(result.score).toBeGreaterThanOrEqual(0.7);
    expect(result.score).toBeLessThan(1);
  });

  it("does not match another API, an extra side effect, a print, or other control flow", () => {
    const code = wf().code;
    expectNone(match("text-stats", "python", code.replace("counts.most_common(top_n)", "counts.items()")));
    expectNone(match("text-stats", "python", `${code}import os\nos.remove(path)\n`));
    expectNone(match("text-stats", "python", `${code}print("done")\n`));
    expectNone(match("text-stats", "python", `${code}with open("out.txt", "w") as out:\n    out.write(str(counts))\n`));
    expectNone(match("text-stats", "python", code.replace("re.findall(", "re.finditer(")));
    const whileLoop = code.replace(
      /for rank, \(word, n\) in enumerate\(counts\.most_common\(top_n\), start=1\):\n    print\(f"\{rank:>3\}\. \{word:<20\} \{n\}"\)/,
      'items = counts.most_common(top_n)\nrank = 0\nwhile rank < len(items):\n    word, n = items[rank]\n    rank += 1\n    print(f"{rank:>3}. {word:<20} {n}")',
    );
    expect(whileLoop).not.toBe(code);
    expectNone(match("text-stats", "python", whileLoop));
    expectNone(match("text-stats", "python", code.replace('print(f"{len(words)}', 'if words:\n    print(f"{len(words)}')));
  });
});

describe("text-stats Flesch and sentence templates (python)", () => {
  it("matches the Flesch template with renamed functions and arguments, blank lines and comments removed", () => {
    const { code, template: t } = template("text-stats", "flesch-readability");
    const variant = code
      .replaceAll("count_syllables", "syl")
      .replaceAll("flesch_reading_ease", "fre")
      .replaceAll("syllables", "n_syl")
      .replace(/\n\n\n/g, "\n")
      .replace("  # <- change", "")
      .replace('path = "notes.txt"', "path = 'essay.txt'");
    expectExact(match("text-stats", "python", variant), "flesch-readability", { ...defaults(t), path: "essay.txt" });
  });

  it("matches the sentence template with new bucket edges and threshold", () => {
    const { code, template: t } = template("text-stats", "sentence-length-distribution");
    const variant = code.replace("edges = [5, 10, 20, 30]", "edges = [3, 6, 12]").replace("long_sentence = 25", "long_sentence = 40").replace(/(?<![\\\w])s\b/g, "sent");
    expectExact(match("text-stats", "python", variant), "sentence-length-distribution", { ...defaults(t), edges: [3, 6, 12], long_sentence: 40 });
  });

  it("reports a changed sentence-split regex as a variant", () => {
    const { code } = template("text-stats", "sentence-length-distribution");
    expect(match("text-stats", "python", code.replaceAll("(?<=[.!?])\\s+", "[.!?]\\s+"))).toMatchObject({ kind: "variant", matched: true });
  });

  it("does not match the sentence template with an extra statistic call", () => {
    const { code } = template("text-stats", "sentence-length-distribution");
    expectNone(match("text-stats", "python", code.replace("statistics.median(lengths)", "statistics.mean(lengths)")));
  });
});

describe("csv-report and png-tools code blocks (python)", () => {
  it("matches the stats reader renamed, reformatted, with a docstring and a new path", () => {
    const code = `"""Which columns have missing values?"""
import json

with open('out/stats-march.json') as f:
    s = json.load(f)
for c in s['columns']:
    if c['nulls']:  # only columns with gaps
        print(f'{c["name"]}: {c["nulls"]} missing ({c["null_pct"]}%)')
`;
    expectExact(match("csv-report", "python", code), "reading-the-json-directly", { path: "out/stats-march.json" });
  });

  it("reports reading another key of the stats as a variant", () => {
    const { code } = template("csv-report", "reading-the-json-directly");
    expect(match("csv-report", "python", code.replace('stats["columns"]', 'stats["cols"]'))).toMatchObject({ kind: "variant" });
  });

  it("does not match json.loads for json.load, a removal, or a while loop", () => {
    const { code } = template("csv-report", "reading-the-json-directly");
    expectNone(match("csv-report", "python", code.replace("json.load(fh)", "json.loads(fh.read())")));
    expectNone(match("csv-report", "python", `import os\n${code}os.remove("stats.json")\n`));
    expectNone(match("csv-report", "python", code.replace('for col in stats["columns"]:', 'cols = stats["columns"]\nwhile cols:\n    col = cols.pop()').replace(/\n    if col/, "\n    if col")));
  });

  it("matches the PNG reader renamed, commented and pointed at another file", () => {
    const { code, template: t } = template("png-tools", "reading-pixels-in-your-own-code");
    const variant = code
      .replace('"input-gray.png"', '"/tmp/scans/page 1.png"')
      .replaceAll("idat", "chunks")
      .replaceAll("pos", "off")
      .replace("raw = zlib", "# inflate the image data\nraw = zlib");
    expectExact(match("png-tools", "python", variant), "reading-pixels-in-your-own-code", { ...defaults(t), path: "/tmp/scans/page 1.png" });
  });

  it("reports a changed struct format as a variant and another chunk loop as none", () => {
    const { code } = template("png-tools", "reading-pixels-in-your-own-code");
    expect(match("png-tools", "python", code.replace('">II"', '"<II"'))).toMatchObject({ kind: "variant" });
    expectNone(match("png-tools", "python", code.replace("while pos < len(data):", "for _ in range(100):")));
  });
});

describe("json-transform code block (javascript)", () => {
  it("matches renamed locals, single quotes, trailing commas, reordered imports and new values", () => {
    const code = `import { readFileSync } from 'node:fs'

// users -> a small table
const data = JSON.parse(readFileSync('exports/users-2024.json', 'utf8'))
const out = data.data.users.map((user) => ({
  id: user.id,
  city: user.address.city,
  tagCount: user.tags.length,
}))
console.log(JSON.stringify(out, null, 2))
`;
    expectExact(match("json-transform", "javascript", code), "doing-it-in-code-instead", { path: "exports/users-2024.json" });
  });

  it("does not match another API, an extra write, or a filter added", () => {
    const { code } = template("json-transform", "doing-it-in-code-instead");
    expectNone(match("json-transform", "javascript", code.replace("doc.data.users.map(", "doc.data.users.flatMap(")));
    expectNone(match("json-transform", "javascript", code.replace('import { readFileSync } from "node:fs";', 'import { readFileSync, writeFileSync } from "node:fs";').concat('writeFileSync("rows.json", JSON.stringify(rows));\n')));
    expectNone(match("json-transform", "javascript", code.replace("console.log(", "if (rows.length) console.log(")));
  });
});

describe("shell code blocks of the example skills", () => {
  it("matches the one-liners with a new file and count, one value for both mentions of the file", () => {
    const code = `wc -w chapter-3.txt\ntr -cs "[:alpha:]'" '\\n' < chapter-3.txt | tr '[:upper:]' '[:lower:]' | grep -v '^$' | sort | uniq -c | sort -rn | head -n 5\n`;
    expectExact(match("text-stats", "bash", code), "shell-one-liners", { path: "chapter-3.txt", n: 5 });
  });

  it("reports two different files where the template reads one as a variant", () => {
    const code = `wc -w a.txt\ntr -cs "[:alpha:]'" '\\n' < b.txt | tr '[:upper:]' '[:lower:]' | grep -v '^$' | sort | uniq -c | sort -rn | head -n 20\n`;
    const result = match("text-stats", "bash", code);
    expect(result).toMatchObject({ kind: "variant", matched: true });
    expect(result.differs.join("\n")).toContain("path");
  });

  it("does not match the one-liners with another sort flag or an extra command (other options are other code)", () => {
    const { code } = template("text-stats", "shell-one-liners");
    expectNone(match("text-stats", "bash", code.replace("sort -rn", "sort -n")));
    expectNone(match("text-stats", "bash", code.replace("| head -n 20", "| tee counts.txt | head -n 20")));
  });

  it("matches the changelog range lookup for another repository", () => {
    const code = "git -C ~/src/app tag --sort=-creatordate | head -5\ngit -C ~/src/app log --oneline -10\n";
    expectExact(match("git-changelog", "bash", code), "find-the-range", { path: "~/src/app", sort: "-creatordate" });
  });

  it("reports a changed printf format string as a variant (matched but not servable)", () => {
    const code = `printf '%s\\n\\n' "feat: add export" "fix: crash on empty file" | \\\n  python3 {baseDir}/scripts/bump_version.py --messages - --current 1.2.0 --plain\n`;
    const result = match("git-changelog", "bash", code);
    expect(result).toMatchObject({ matched: true, kind: "variant", template: "suggest-the-next-version", params: {} });
  });

  it("matches the piped bump with another current version", () => {
    const code = `printf '%s\\n' "feat: add export" "fix: crash on empty file" | \\\n  python {baseDir}/scripts/bump_version.py --messages - --current 2.0.1 --plain\n`;
    expectExact(match("git-changelog", "bash", code), "suggest-the-next-version", { current: "2.0.1" });
  });
});

describe("python keyword arguments and imports", () => {
  const fixture = `import json
import csv

src = "people.csv"
with open(src, newline="", encoding="utf-8") as fh:
    rows = list(csv.DictReader(fh, delimiter=";"))
print(json.dumps(rows, indent=2, ensure_ascii=False, sort_keys=True))
`;
  let local: TemplateIndex;
  beforeAll(() => {
    const built = buildTemplate({ id: "csv-to-json", lang: "python", kind: "code-block", title: "csv to json", code: fixture, origin: "SKILL.md:L1" }, parsers, { bundled: new Set() }, (t) => t.length);
    if (!built.ok) throw new Error(built.reason);
    local = new TemplateIndex();
    local.set("demo", [built.template]);
  });
  const m = (code: string) => matchCode(local, parsers, { lang: "python", code, skill: "demo", context: { bundled: new Set() } });

  it("matches keyword arguments in another order and imports reordered or merged", () => {
    const code = `import csv, json
src = "staff.csv"
with open(src, encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f, delimiter=";"))
print(json.dumps(rows, sort_keys=True, ensure_ascii=False, indent=2))
`;
    expectExact(m(code), "csv-to-json", { src: "staff.csv", delimiter: ";" });
  });

  it("does not match json.dump for json.dumps or an added keyword", () => {
    expectNone(m(fixture.replace("json.dumps(rows,", "json.dump(rows, open('out.json', 'w'),")));
    expect(m(fixture.replace("sort_keys=True", "sort_keys=True, default=str")).kind).not.toBe("exact");
  });

  it("extracts a changed keyword value (delimiter) as a parameter", () => {
    expect(m(fixture.replace('delimiter=";"', 'delimiter=","'))).toMatchObject({ kind: "exact", params: { delimiter: "," } });
  });
});

describe("fingerprint", () => {
  it("winnows to a sorted unique set that is identical for identical streams", () => {
    const tokens = "a b c d e f g h i j k l m n o p".split(" ");
    const grams = winnow(tokens);
    expect(grams).toEqual([...new Set(grams)].sort((x, y) => x - y));
    expect(grams.length).toBeGreaterThan(0);
    expect(grams.length).toBeLessThan(tokens.length);
    expect(winnow([...tokens])).toEqual(grams);
    expect(similarity(grams, winnow(tokens))).toBe(1);
  });

  it("keeps one hash for a stream shorter than a k-gram and none for an empty one", () => {
    expect(winnow(["x", "y"])).toHaveLength(1);
    expect(winnow([])).toEqual([]);
    expect(similarity([], [])).toBe(1);
  });

  it("scores disjoint streams 0 and a one-token edit between 0 and 1", () => {
    const a = "a b c d e f g h i j k l m n o p q r s t".split(" ");
    const b = "A B C D E F G H I J K L M N O P Q R S T".split(" ");
    expect(similarity(winnow(a), winnow(b))).toBe(0);
    const edited = [...a];
    edited[10] = "X";
    const s = similarity(winnow(a), winnow(edited));
    expect(s).toBeGreaterThan(0.2);
    expect(s).toBeLessThan(1);
  });

  it("treats every renamed local alike, so an extra variable does not shift later k-grams", () => {
    const a = ["⟨v1⟩", "=", "f", "(", ")", "g", "(", "⟨v1⟩", ")", "h", "(", ")"];
    const b = ["⟨v2⟩", "=", "f", "(", ")", "g", "(", "⟨v2⟩", ")", "h", "(", ")"];
    expect(winnow(a)).toEqual(winnow(b));
  });
});

// Real fenced blocks from public skills, retyped as another model would (new values, renamed
// locals, other layout): the unseen-variant recall set. Each block is quoted from its `source`.
interface RealCase {
  name: string;
  source: string;
  lang: JitLang;
  bundled?: string[];
  code: string;
  /** Retyped variants that must match exactly, with the parameter values they must bind. */
  positives: { code: string; params: Record<string, ParamValue> }[];
  /** Different programs that must not match at all. */
  negatives: string[];
  /** The same program with a constant changed (a pattern, a text): a variant, never exact. */
  constants?: string[];
}

const PDF = "anthropics/skills skills/pdf/SKILL.md";
const XLSX = "anthropics/skills skills/xlsx/SKILL.md";
const WEBAPP = "anthropics/skills skills/webapp-testing/SKILL.md";

const REAL_CASES: RealCase[] = [
  {
    name: "pypdf quick start",
    source: PDF,
    lang: "python",
    code: `from pypdf import PdfReader, PdfWriter

# Read a PDF
reader = PdfReader("document.pdf")
print(f"Pages: {len(reader.pages)}")

# Extract text
text = ""
for page in reader.pages:
    text += page.extract_text()
`,
    positives: [
      {
        code: `from pypdf import PdfWriter, PdfReader
r = PdfReader('invoice-2024.pdf')
print(f"Pages: {len(r.pages)}")
text = ''
for p in r.pages:
    text += p.extract_text()
`,
        params: { path: "invoice-2024.pdf" },
      },
      {
        code: `from pypdf import PdfReader
from pypdf import PdfWriter

reader = PdfReader("/home/user/report.pdf")  # the user's file
print(f"Pages: {len(reader.pages)}")
text = ""
for page in reader.pages:
    text += page.extract_text()
`,
        params: { path: "/home/user/report.pdf" },
      },
    ],
    negatives: [
      `from pypdf import PdfReader, PdfWriter
reader = PdfReader("document.pdf")
print(f"Pages: {len(reader.pages)}")
text = ""
for page in reader.pages:
    text += page.extract_text()
    page.rotate(90)
`,
    ],
  },
  {
    name: "pypdf merge",
    source: PDF,
    lang: "python",
    code: `from pypdf import PdfWriter, PdfReader

writer = PdfWriter()
for pdf_file in ["doc1.pdf", "doc2.pdf", "doc3.pdf"]:
    reader = PdfReader(pdf_file)
    for page in reader.pages:
        writer.add_page(page)

with open("merged.pdf", "wb") as output:
    writer.write(output)
`,
    positives: [
      {
        code: `from pypdf import PdfReader, PdfWriter

w = PdfWriter()
for f in ["a.pdf", "b.pdf"]:
    rd = PdfReader(f)
    for pg in rd.pages:
        w.add_page(pg)

with open("all.pdf", "wb") as out:
    w.write(out)
`,
        params: { paths: ["a.pdf", "b.pdf"], path: "all.pdf" },
      },
      {
        code: `from pypdf import PdfWriter, PdfReader
writer = PdfWriter()
for pdf_file in [
    'jan.pdf',
    'feb.pdf',
    'mar.pdf',
    'apr.pdf',
]:
    reader = PdfReader(pdf_file)
    for page in reader.pages:
        writer.add_page(page)
with open('q1.pdf', 'wb') as output:
    writer.write(output)
`,
        params: { paths: ["jan.pdf", "feb.pdf", "mar.pdf", "apr.pdf"], path: "q1.pdf" },
      },
    ],
    negatives: [
      // Appends instead of overwriting: a different file mode is a different program.
      `from pypdf import PdfWriter, PdfReader
writer = PdfWriter()
for pdf_file in ["doc1.pdf", "doc2.pdf"]:
    reader = PdfReader(pdf_file)
    writer.add_page(reader.pages[0])
with open("merged.pdf", "wb") as output:
    writer.write(output)
`,
    ],
  },
  {
    name: "pypdf rotate",
    source: PDF,
    lang: "python",
    code: `reader = PdfReader("input.pdf")
writer = PdfWriter()

page = reader.pages[0]
page.rotate(90)  # Rotate 90 degrees clockwise
writer.add_page(page)

with open("rotated.pdf", "wb") as output:
    writer.write(output)
`,
    positives: [
      {
        code: `reader = PdfReader("scan.pdf")
writer = PdfWriter()
page = reader.pages[0]
page.rotate(90)
writer.add_page(page)
with open("scan-rotated.pdf", "wb") as fh:
    writer.write(fh)
`,
        params: { path: "scan.pdf", rotate: 90, path_2: "scan-rotated.pdf" },
      },
    ],
    negatives: [
      `reader = PdfReader("input.pdf")
writer = PdfWriter()
for page in reader.pages:
    page.rotate(90)
    writer.add_page(page)
with open("rotated.pdf", "wb") as output:
    writer.write(output)
`,
    ],
  },
  {
    name: "pdfplumber tables",
    source: PDF,
    lang: "python",
    code: `with pdfplumber.open("document.pdf") as pdf:
    for i, page in enumerate(pdf.pages):
        tables = page.extract_tables()
        for j, table in enumerate(tables):
            print(f"Table {j+1} on page {i+1}:")
            for row in table:
                print(row)
`,
    positives: [
      {
        code: `with pdfplumber.open("statements/march.pdf") as doc:
    for pi, pg in enumerate(doc.pages):
        tbls = pg.extract_tables()
        for ti, t in enumerate(tbls):
            print(f"Table {ti+1} on page {pi+1}:")
            for r in t:
                print(r)
`,
        params: { path: "statements/march.pdf" },
      },
    ],
    negatives: [
      `with pdfplumber.open("document.pdf") as pdf:
    for i, page in enumerate(pdf.pages):
        tables = page.extract_tables()
        for j, table in enumerate(tables):
            print(f"Table {j+1} on page {i+1}:")
            for row in table:
                print(row)
                open("rows.txt", "a").write(str(row))
`,
    ],
  },
  {
    name: "fc-list probe",
    source: PDF,
    lang: "python",
    code: `import subprocess

result = subprocess.run(
    ["fc-list", ":lang=zh", "-f", "%{file}\\\\n"],
    capture_output=True,
    text=True,
    timeout=4,
    check=False,
)
`,
    positives: [
      {
        code: `import subprocess
result = subprocess.run(["fc-list", ":lang=zh", "-f", "%{file}\\\\n"], check=False, timeout=10, text=True, capture_output=True)
`,
        params: { timeout: 10 },
      },
    ],
    constants: [
      `import subprocess
result = subprocess.run(["fc-list", ":lang=ja", "-f", "%{file}\\\\n"], capture_output=True, text=True, timeout=4, check=False)
`,
    ],
    negatives: [
      `import subprocess
result = subprocess.run(["fc-list", ":lang=zh", "-f", "%{file}\\\\n"], capture_output=True, text=True, timeout=4, check=False, shell=True)
`,
    ],
  },
  {
    name: "pdftotext",
    source: PDF,
    lang: "bash",
    code: `# Extract text preserving layout
pdftotext -layout input.pdf output.txt
`,
    positives: [
      { code: `pdftotext -layout "Annual Report.pdf" annual.txt\n`, params: { path: "Annual Report.pdf", path_2: "annual.txt" } },
      { code: `pdftotext -layout ~/docs/in.pdf /tmp/out.txt  # keep columns\n`, params: { path: "~/docs/in.pdf", path_2: "/tmp/out.txt" } },
    ],
    negatives: [`pdftotext -layout input.pdf output.txt && rm input.pdf\n`, `pdftotext -raw input.pdf output.txt\n`],
  },
  {
    name: "qpdf split",
    source: PDF,
    lang: "bash",
    code: `qpdf input.pdf --pages . 1-5 -- pages1-5.pdf\n`,
    positives: [{ code: `qpdf book.pdf --pages . 10-20 -- chapter2.pdf\n`, params: { path: "book.pdf", arg: "10-20", path_2: "chapter2.pdf" } }],
    negatives: [`qpdf input.pdf --pages . 1-5 -- pages1-5.pdf; qpdf --decrypt pages1-5.pdf out.pdf\n`],
  },
  {
    name: "pandas excel",
    source: XLSX,
    lang: "python",
    code: `import pandas as pd

# Read Excel
df = pd.read_excel('file.xlsx')  # Default: first sheet
all_sheets = pd.read_excel('file.xlsx', sheet_name=None)  # All sheets as dict

# Analyze
df.head()      # Preview data
df.info()      # Column info
df.describe()  # Statistics

# Write Excel
df.to_excel('output.xlsx', index=False)
`,
    positives: [
      {
        code: `import pandas as pd
data = pd.read_excel("sales_q3.xlsx")
all_sheets = pd.read_excel("sales_q3.xlsx", sheet_name=None)
data.head()
data.info()
data.describe()
data.to_excel("sales_q3_clean.xlsx", index=False)
`,
        params: { path: "sales_q3.xlsx", path_2: "sales_q3_clean.xlsx" },
      },
    ],
    negatives: [
      `import pandas as pd
df = pd.read_excel('file.xlsx')
all_sheets = pd.read_excel('file.xlsx', sheet_name=None)
df.head()
df.info()
df.describe()
df.to_csv('output.csv', index=False)
`,
    ],
  },
  {
    name: "openpyxl edit",
    source: XLSX,
    lang: "python",
    code: `# Using openpyxl to preserve formulas and formatting
from openpyxl import load_workbook

# Load existing file
wb = load_workbook('existing.xlsx')
sheet = wb.active  # or wb['SheetName'] for specific sheet

# Modify cells
sheet['A1'] = 'New Value'
sheet.insert_rows(2)  # Insert row at position 2
sheet.delete_cols(3)  # Delete column 3

wb.save('modified.xlsx')
`,
    positives: [
      {
        code: `from openpyxl import load_workbook
book = load_workbook("budget.xlsx")
ws = book.active
ws["A1"] = "Total"
ws.insert_rows(5)
ws.delete_cols(2)
book.save("budget-v2.xlsx")
`,
        params: { path: "budget.xlsx", a1: "Total", insert_rows: 5, delete_cols: 2, path_2: "budget-v2.xlsx" },
      },
    ],
    negatives: [
      `from openpyxl import load_workbook
wb = load_workbook('existing.xlsx')
sheet = wb.active
sheet['A1'] = 'New Value'
sheet.insert_rows(2)
sheet.delete_rows(3)
wb.save('modified.xlsx')
`,
    ],
  },
  {
    name: "recalc script",
    source: XLSX,
    lang: "bash",
    bundled: ["scripts/recalc.py"],
    code: `python scripts/recalc.py output.xlsx 30\n`,
    positives: [
      { code: `python3 scripts/recalc.py model.xlsx 60\n`, params: { path: "model.xlsx", arg: 60 } },
      { code: `python ./scripts/recalc.py "Q3 forecast.xlsx" 30\n`, params: { path: "Q3 forecast.xlsx", arg: 30 } },
    ],
    negatives: [`python scripts/recalc.py output.xlsx 30 && libreoffice --headless output.xlsx\n`],
  },
  {
    name: "playwright page",
    source: WEBAPP,
    lang: "python",
    code: `from playwright.sync_api import sync_playwright

with sync_playwright() as p:
    browser = p.chromium.launch(headless=True)
    page = browser.new_page()
    page.goto('http://localhost:5173')
    page.wait_for_load_state('networkidle')
    browser.close()
`,
    positives: [
      {
        code: `from playwright.sync_api import sync_playwright

with sync_playwright() as pw:
    b = pw.chromium.launch(headless=True)  # always headless
    pg = b.new_page()
    pg.goto("http://localhost:3000/login")
    pg.wait_for_load_state("networkidle")
    b.close()
`,
        params: { headless: true, url: "http://localhost:3000/login" },
      },
    ],
    negatives: [
      `from playwright.sync_api import sync_playwright

with sync_playwright() as p:
    browser = p.firefox.launch(headless=True)
    page = browser.new_page()
    page.goto('http://localhost:5173')
    page.wait_for_load_state('networkidle')
    browser.close()
`,
      `from playwright.sync_api import sync_playwright

with sync_playwright() as p:
    browser = p.chromium.launch(headless=True)
    page = browser.new_page()
    page.goto('http://localhost:5173')
    page.wait_for_load_state('networkidle')
    page.screenshot(path='/tmp/inspect.png', full_page=True)
    browser.close()
`,
    ],
  },
  {
    name: "with_server helper",
    source: WEBAPP,
    lang: "bash",
    bundled: ["scripts/with_server.py"],
    code: `python scripts/with_server.py --server "npm run dev" --port 5173 -- python your_automation.py\n`,
    positives: [
      { code: `python3 scripts/with_server.py --server "yarn start" --port 3000 -- python check_login.py\n`, params: { server: "yarn start", port: 3000, arg: "python", path: "check_login.py" } },
    ],
    negatives: [`python scripts/with_server.py --server "npm run dev" --port 5173 --keep-alive -- python your_automation.py\n`, `python scripts/with_server.py --server "npm run dev" --port 5173 -- python your_automation.py | tee log.txt\n`],
  },
  {
    name: "docx packer",
    source: "sunertech/docx demo/86-generate-template.ts",
    lang: "javascript",
    code: `import { Document, Packer, Paragraph, TextRun } from "@sunertech/docx";
import * as fs from "fs";

const doc = new Document({
    sections: [
        {
            children: [
                new Paragraph({
                    children: [new TextRun("{{template}}")],
                }),
            ],
        },
    ],
});

Packer.toBuffer(doc).then((buffer) => {
    fs.writeFileSync("My Document.docx", buffer);
});
`,
    positives: [
      {
        code: `import * as fs from "fs";
import { Document, Packer, Paragraph, TextRun } from "@sunertech/docx";

const d = new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun('{{template}}')] })] }] });

Packer.toBuffer(d).then((buf) => {
  fs.writeFileSync('letter for Ada.docx', buf);
});
`,
        params: { path: "letter for Ada.docx" },
      },
    ],
    constants: [
      `import { Document, Packer, Paragraph, TextRun } from "@sunertech/docx";
import * as fs from "fs";
const doc = new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun("{{name}}")] })] }] });
Packer.toBuffer(doc).then((buffer) => {
    fs.writeFileSync("My Document.docx", buffer);
});
`,
    ],
    negatives: [
      `import { Document, Packer, Paragraph, TextRun } from "@sunertech/docx";
import * as fs from "fs";
const doc = new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun("{{template}}")] })] }] });
Packer.toBase64String(doc).then((buffer) => {
    fs.writeFileSync("My Document.docx", buffer);
});
`,
    ],
  },
];

describe("recall on real public skill code the team has not seen", () => {
  interface Outcome {
    name: string;
    kind: MatchResult["kind"];
    ok: boolean;
  }
  const outcomes = { positives: [] as Outcome[], negatives: [] as Outcome[], constants: [] as Outcome[] };

  beforeAll(() => {
    for (const c of REAL_CASES) {
      const context = { bundled: new Set(c.bundled ?? []) };
      const built = buildTemplate({ id: "real", lang: c.lang, kind: "code-block", title: c.name, code: c.code, origin: c.source }, parsers, context, (t) => t.length);
      if (!built.ok) throw new Error(`${c.name} (${c.source}) is not a template: ${built.reason}`);
      const local = new TemplateIndex();
      local.set("real", [built.template]);
      const m = (code: string) => matchCode(local, parsers, { lang: c.lang, code, skill: "real", context });
      c.positives.forEach((p, i) => {
        const r = m(p.code);
        outcomes.positives.push({ name: `${c.name} #${i + 1}`, kind: r.kind, ok: r.kind === "exact" && JSON.stringify(r.params) === JSON.stringify(p.params) });
      });
      c.negatives.forEach((code, i) => {
        const r = m(code);
        outcomes.negatives.push({ name: `${c.name} -${i + 1}`, kind: r.kind, ok: !r.matched });
      });
      (c.constants ?? []).forEach((code, i) => {
        const r = m(code);
        outcomes.constants.push({ name: `${c.name} ~${i + 1}`, kind: r.kind, ok: r.kind === "variant" });
      });
    }
  });

  it("uses 8 to 15 real blocks across python, bash and javascript", () => {
    expect(REAL_CASES.length).toBeGreaterThanOrEqual(8);
    expect(REAL_CASES.length).toBeLessThanOrEqual(15);
    expect(new Set(REAL_CASES.map((c) => c.lang))).toEqual(new Set(["python", "bash", "javascript"]));
  });

  it("matches at least 95% of retyped variants exactly, with the values they carry, and no negative", () => {
    const hits = outcomes.positives.filter((o) => o.ok).length;
    const falseMatches = outcomes.negatives.filter((o) => !o.ok);
    const recall = hits / outcomes.positives.length;
    console.log(
      `[recall] ${hits}/${outcomes.positives.length} exact (${(recall * 100).toFixed(1)}%); ` +
        `false matches ${falseMatches.length}/${outcomes.negatives.length}; ` +
        `changed constants reported as variant ${outcomes.constants.filter((o) => o.ok).length}/${outcomes.constants.length}; ` +
        `misses: ${outcomes.positives.filter((o) => !o.ok).map((o) => `${o.name}=${o.kind}`).join(", ") || "none"}`,
    );
    expect(outcomes.positives.length).toBeGreaterThanOrEqual(15);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(falseMatches).toEqual([]);
  });

  it("reports a changed constant (a fc-list pattern, a text run) as a variant, not an exact match", () => {
    expect(outcomes.constants.length).toBeGreaterThan(0);
    expect(outcomes.constants.filter((o) => !o.ok)).toEqual([]);
  });
});
