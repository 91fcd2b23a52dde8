import type { Rng } from "../rng.js";
import type { ProbeFamily } from "../probe.js";
import { codeProbe } from "./code-probe.js";
import { LEVEL_NAMES, NAMES, NOUNS, PRODUCTS, REGIONS, TEAMS } from "./words.js";

const lines = (items: readonly (string | number)[]) => items.map(String).join("\n") + "\n";
const indent = (text: string) => text.trimEnd().split("\n").map((l) => `    ${l}`).join("\n");
const twoCases = <T>(make: (i: number) => T): T[] => [make(0), make(1)];

// ---------- Python ----------

function pythonThreshold(rng: Rng) {
  const t = rng.int(20, 80);
  const numbers = () => rng.shuffle([t, t, ...Array.from({ length: rng.int(8, 14) }, () => rng.int(0, 100))]);
  const example = numbers();
  const count = (ns: number[]) => String(ns.filter((n) => n > t).length);
  const program = (op: string) => `with open("numbers.txt") as f:\n    nums = [int(line) for line in f if line.strip()]\nprint(sum(1 for n in nums if n ${op} ${t}))`;
  return codeProbe({
    lang: "python",
    tag: "python",
    task: `Write a Python program that reads the file numbers.txt in the current directory (one integer per line) and prints how many of the numbers are strictly greater than ${t}.\n\nExample numbers.txt:\n${indent(lines(example))}\nExpected output for it:\n    ${count(example)}`,
    reference: program(">"),
    nearMiss: program(">="),
    cases: twoCases(() => {
      const ns = numbers();
      return { files: { "numbers.txt": lines(ns) }, expected: count(ns) };
    }),
  });
}

function pythonGroupBy(rng: Rng) {
  const [key, agg] = [rng.pick(["region", "product"] as const), rng.pick(["sum", "max"] as const)];
  const rows = () => Array.from({ length: rng.int(8, 12) }, () => ({ region: rng.pick(REGIONS), product: rng.pick(PRODUCTS), amount: rng.int(1, 500) }));
  const csv = (rs: ReturnType<typeof rows>) => `region,product,amount\n${rs.map((r) => `${r.region},${r.product},${r.amount}`).join("\n")}\n`;
  const expected = (rs: ReturnType<typeof rows>) => {
    const out: Record<string, number> = {};
    for (const r of rs) out[r[key]] = agg === "sum" ? (out[r[key]] ?? 0) + r.amount : Math.max(out[r[key]] ?? 0, r.amount);
    return JSON.stringify(out);
  };
  const program = (slice: string) =>
    `import csv, json\n\ntotals = {}\nwith open("sales.csv", newline="") as f:\n    rows = list(csv.DictReader(f))${slice}\nfor row in rows:\n    k, v = row["${key}"], int(row["amount"])\n    totals[k] = ${agg === "sum" ? "totals.get(k, 0) + v" : "max(totals.get(k, 0), v)"}\nprint(json.dumps(totals, sort_keys=True))`;
  // The near miss drops the last row: a classic slicing slip. Hidden data puts a unique value last.
  const withDistinctLast = () => {
    const rs = rows();
    rs.push({ region: rng.pick(REGIONS), product: rng.pick(PRODUCTS), amount: 999 });
    return rs;
  };
  const example = rows();
  return codeProbe({
    lang: "python",
    tag: "python",
    compare: "json",
    task: `Write a Python program that reads sales.csv (columns region,product,amount; amount is an integer) and prints one JSON object mapping each ${key} to the ${agg === "sum" ? "sum" : "maximum"} of its amounts.\n\nExample sales.csv:\n${indent(csv(example))}\nExpected output for it (key order and spacing are free):\n    ${expected(example)}`,
    reference: program(""),
    nearMiss: program("[:-1]"),
    cases: twoCases(() => {
      const rs = withDistinctLast();
      return { files: { "sales.csv": csv(rs) }, expected: expected(rs) };
    }),
  });
}

function mergeIntervals(pairs: [number, number][]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [a, b] of [...pairs].sort((x, y) => x[0] - y[0] || x[1] - y[1])) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

function pythonIntervals(rng: Rng) {
  const intervals = (): [number, number][] => {
    const out: [number, number][] = [];
    let x = rng.int(0, 5);
    for (let i = 0; i < rng.int(4, 7); i++) {
      const len = rng.int(1, 6);
      out.push([x, x + len]);
      // Touching, overlapping and separate neighbours, and one nested interval.
      x += rng.pick([len, len - 1, len + rng.int(1, 4)]);
    }
    const host = out[0] as [number, number];
    out.push([host[0], host[0]]);
    out.push([x + 2, x + 5], [x + 5, x + 7]);
    return rng.shuffle(out);
  };
  const render = (ps: [number, number][]) => ps.map(([a, b]) => `${a} ${b}`).join("\n");
  const program = (op: string) =>
    `pairs = []\nwith open("intervals.txt") as f:\n    for line in f:\n        if line.strip():\n            a, b = map(int, line.split())\n            pairs.append((a, b))\npairs.sort()\nmerged = []\nfor a, b in pairs:\n    if merged and a ${op} merged[-1][1]:\n        merged[-1][1] = max(merged[-1][1], b)\n    else:\n        merged.append([a, b])\nfor a, b in merged:\n    print(a, b)`;
  const example = intervals();
  return codeProbe({
    lang: "python",
    tag: "python",
    task: `Write a Python program that reads intervals.txt (one closed interval "start end" of integers per line, in any order) and prints the union as merged intervals, one "start end" per line in increasing order. Intervals that overlap or touch (one ends where the next starts) merge into one. An empty file prints nothing.\n\nExample intervals.txt:\n${indent(render(example))}\nExpected output for it:\n${indent(render(mergeIntervals(example)))}`,
    reference: program("<="),
    nearMiss: program("<"),
    cases: [
      ...twoCases(() => {
        const ps = intervals();
        return { files: { "intervals.txt": `${render(ps)}\n` }, expected: render(mergeIntervals(ps)) };
      }),
      { files: { "intervals.txt": "" }, expected: "" },
    ],
  });
}

// ---------- JavaScript ----------

function jsCountChar(rng: Rng) {
  const ch = rng.pick(["q", "z", "x", "k"]);
  const text = () =>
    Array.from({ length: rng.int(8, 12) }, (_, i) => {
      const words = rng.sample(NOUNS, 3);
      // Some lines carry the letter in the middle of a line, never only at its start.
      return i % 3 === 0 ? `${words[0]} ${ch}${words[1]} ${words[2]}` : words.join(" ");
    });
  const count = (ls: string[]) => String(ls.filter((l) => l.includes(ch)).length);
  const program = (test: string) =>
    `import { readFileSync } from "node:fs";\nconst lines = readFileSync("input.txt", "utf8").split("\\n").filter((l) => l.length > 0);\nconsole.log(lines.filter((l) => l.${test}("${ch}")).length);`;
  const example = text();
  return codeProbe({
    lang: "javascript",
    tag: "javascript",
    task: `Write a Node.js program (ES module) that reads input.txt in the current directory and prints how many of its non-empty lines contain the letter "${ch}".\n\nExample input.txt:\n${indent(lines(example))}\nExpected output for it:\n    ${count(example)}`,
    reference: program("includes"),
    nearMiss: program("startsWith"),
    cases: twoCases(() => {
      const ls = text();
      return { files: { "input.txt": lines(ls) }, expected: count(ls) };
    }),
  });
}

function jsAverages(rng: Rng) {
  const rows = () => Array.from({ length: rng.int(7, 11) }, () => ({ name: rng.pick(NAMES), team: rng.pick(TEAMS), score: rng.int(0, 100) }));
  const csv = (rs: ReturnType<typeof rows>) => `name,team,score\n${rs.map((r) => `${r.name},${r.team},${r.score}`).join("\n")}\n`;
  const expected = (rs: ReturnType<typeof rows>) => {
    const acc: Record<string, [number, number]> = {};
    for (const r of rs) {
      const [s, n] = acc[r.team] ?? [0, 0];
      acc[r.team] = [s + r.score, n + 1];
    }
    return JSON.stringify(Object.fromEntries(Object.entries(acc).map(([t, [s, n]]) => [t, Math.round((s / n) * 100) / 100])));
  };
  const program = (from: number) =>
    `import { readFileSync } from "node:fs";\nconst rows = readFileSync("scores.csv", "utf8").trim().split("\\n").slice(${from}).map((l) => l.split(","));\nconst acc = {};\nfor (const [, team, score] of rows) {\n  acc[team] ??= [0, 0];\n  acc[team][0] += Number(score);\n  acc[team][1] += 1;\n}\nconst out = {};\nfor (const [team, [sum, n]] of Object.entries(acc)) out[team] = Math.round((sum / n) * 100) / 100;\nconsole.log(JSON.stringify(out));`;
  const example = rows();
  const hidden = () => {
    // The first data row is a team of its own, so skipping it changes the answer.
    const rs = rows();
    rs.unshift({ name: "zed", team: "solo", score: rng.int(1, 100) });
    return rs;
  };
  return codeProbe({
    lang: "javascript",
    tag: "javascript",
    compare: "json",
    task: `Write a Node.js program (ES module) that reads scores.csv (header name,team,score) and prints one JSON object mapping each team to the average of its scores, rounded to 2 decimals (Math.round(x * 100) / 100).\n\nExample scores.csv:\n${indent(csv(example))}\nExpected output for it (key order and spacing are free):\n    ${expected(example)}`,
    reference: program(1),
    nearMiss: program(2),
    cases: twoCases(() => {
      const rs = hidden();
      return { files: { "scores.csv": csv(rs) }, expected: expected(rs) };
    }),
  });
}

function jsMerge(rng: Rng) {
  type Rec = { id: number; name: string; updated: number };
  const dataset = () => {
    const files: Record<string, Rec[]> = {};
    const names = rng.sample(["a", "b", "c", "d"], rng.int(3, 4));
    for (const f of names) files[f] = [];
    for (let id = 1; id <= rng.int(5, 8); id++) {
      const copies = rng.int(1, 3);
      for (let c = 0; c < copies; c++) files[rng.pick(names)]!.push({ id, name: `${rng.pick(NOUNS)}-${c}`, updated: rng.int(1, 50) * 10 + c });
    }
    // An id whose newest copy sits in the last file, so "first seen wins" is wrong.
    const [first, last] = [names.slice().sort()[0]!, names.slice().sort().at(-1)!];
    files[first]!.push({ id: 99, name: "old", updated: 1 });
    files[last]!.push({ id: 99, name: "new", updated: 2 });
    return files;
  };
  const merged = (files: Record<string, Rec[]>) => {
    const best = new Map<number, Rec>();
    for (const r of Object.values(files).flat()) if (!best.has(r.id) || best.get(r.id)!.updated < r.updated) best.set(r.id, r);
    return JSON.stringify([...best.values()].sort((a, b) => a.id - b.id));
  };
  const toFiles = (files: Record<string, Rec[]>) => Object.fromEntries(Object.entries(files).map(([f, rs]) => [`data/${f}.json`, JSON.stringify(rs)]));
  const program = (keep: string) =>
    `import { readdir, readFile } from "node:fs/promises";\nconst names = (await readdir("data")).filter((f) => f.endsWith(".json")).sort();\nconst lists = await Promise.all(names.map(async (f) => JSON.parse(await readFile("data/" + f, "utf8"))));\nconst best = new Map();\nfor (const r of lists.flat()) if (${keep}) best.set(r.id, r);\nconsole.log(JSON.stringify([...best.values()].sort((a, b) => a.id - b.id)));`;
  const example = dataset();
  return codeProbe({
    lang: "javascript",
    tag: "javascript",
    compare: "json",
    task: `Write a Node.js program (ES module) that reads every .json file in the folder data/ concurrently (Promise.all). Each file holds an array of records {id, name, updated}. Merge them: one record per id, the one with the largest "updated". Print the merged records as one JSON array sorted by id.\n\nExample: data/ holds ${Object.keys(example).map((f) => `${f}.json`).join(", ")} with\n${indent(Object.entries(example).map(([f, rs]) => `${f}.json: ${JSON.stringify(rs)}`).join("\n"))}\nExpected output for it:\n    ${merged(example)}`,
    reference: program("!best.has(r.id) || best.get(r.id).updated < r.updated"),
    nearMiss: program("!best.has(r.id)"),
    cases: twoCases(() => {
      const d = dataset();
      return { files: toFiles(d), expected: merged(d) };
    }),
  });
}

// ---------- Shell ----------

function shellPrefix(rng: Rng) {
  const prefix = rng.pick(LEVEL_NAMES);
  const log = () =>
    Array.from({ length: rng.int(8, 12) }, (_, i) => {
      const lvl = i % 4 === 0 ? prefix : rng.pick(LEVEL_NAMES);
      // Some lines mention the prefix mid-line; they must not count.
      return i % 5 === 2 ? `note: retry after ${prefix} in ${rng.pick(NOUNS)}` : `${lvl} ${rng.pick(NOUNS)} ${rng.int(1, 99)}`;
    });
  const count = (ls: string[]) => String(ls.filter((l) => l.startsWith(prefix)).length);
  const example = log();
  return codeProbe({
    lang: "bash",
    tag: "bash",
    task: `Write a bash script that prints how many lines of log.txt (in the current directory) start with ${prefix}.\n\nExample log.txt:\n${indent(lines(example))}\nExpected output for it:\n    ${count(example)}`,
    reference: `grep -c '^${prefix}' log.txt`,
    nearMiss: `grep -c '${prefix}' log.txt`,
    cases: twoCases(() => {
      const ls = log();
      return { files: { "log.txt": lines(ls) }, expected: count(ls) };
    }),
  });
}

function shellTopK(rng: Rng) {
  const k = rng.int(2, 4);
  const table = () => rng.sample(NAMES, rng.int(7, 10)).map((n) => ({ n, s: rng.int(10, 60) }));
  const top = (rows: { n: string; s: number }[]) =>
    [...rows].sort((a, b) => b.s - a.s || (a.n < b.n ? -1 : 1)).slice(0, k).map((r) => r.n).join("\n");
  const render = (rows: { n: string; s: number }[]) => lines(rows.map((r) => `${r.n} ${r.s}`));
  const example = table();
  return codeProbe({
    lang: "bash",
    tag: "bash",
    task: `Write a bash script that reads scores.txt (lines "name score", score an integer) and prints the names of the ${k} highest scores, one per line, highest first; equal scores are ordered by name (A to Z).\n\nExample scores.txt:\n${indent(render(example))}\nExpected output for it:\n${indent(top(example))}`,
    reference: `sort -k2,2nr -k1,1 scores.txt | head -n ${k} | cut -d' ' -f1`,
    nearMiss: `sort -k2,2nr -k1,1 scores.txt | head -n ${k + 1} | cut -d' ' -f1`,
    cases: twoCases(() => {
      const rows = table();
      return { files: { "scores.txt": render(rows) }, expected: top(rows) };
    }),
  });
}

function shellAwk(rng: Rng) {
  const log = () =>
    Array.from({ length: rng.int(8, 12) }, (_, i) => {
      const ms = `ms=${rng.int(1, 900)}`;
      const others = rng.shuffle([`user=${rng.pick(NAMES)}`, `path=/${rng.pick(NOUNS)}`]);
      // Every level appears, and ms comes first among the key=value fields on some lines.
      const fields = i < 2 ? [ms, ...others] : rng.shuffle([ms, ...others]);
      return `2024-05-0${rng.int(1, 9)}T1${rng.int(0, 9)}:00:00 ${LEVEL_NAMES[i % 4]} ${fields.join(" ")}`;
    });
  const totals = (ls: string[]) => {
    const s: Record<string, number> = {};
    for (const l of ls) {
      const parts = l.split(" ");
      const ms = parts.find((p) => p.startsWith("ms="));
      s[parts[1]!] = (s[parts[1]!] ?? 0) + Number(ms?.slice(3));
    }
    return Object.keys(s).sort().map((k) => `${k} ${s[k]}`).join("\n");
  };
  const program = (from: number) => `awk '{ for (i = ${from}; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "ms") s[$2] += kv[2] } } END { for (l in s) print l, s[l] }' app.log | sort`;
  const example = log();
  return codeProbe({
    lang: "bash",
    tag: "bash",
    task: `Write a bash script (awk is welcome) that reads app.log, whose lines are "TIMESTAMP LEVEL key=value key=value ..." with the key=value fields in any order, and prints for each LEVEL the sum of its ms= values as "LEVEL total", one per line, sorted by LEVEL.\n\nExample app.log:\n${indent(lines(example))}\nExpected output for it:\n${indent(totals(example))}`,
    reference: program(3),
    nearMiss: program(4),
    cases: twoCases(() => {
      const ls = log();
      return { files: { "app.log": lines(ls) }, expected: totals(ls) };
    }),
  });
}

export const genCodeFamilies: ProbeFamily[] = [
  {
    primitive: "gen.code.python",
    mode: "answer",
    levels: {
      L1: { description: "Python: read integers from a file and count those above a threshold", make: pythonThreshold },
      L2: { description: "Python: group CSV rows with csv/json and print an aggregate per key as JSON", make: pythonGroupBy },
      L3: { description: "Python: merge overlapping and touching intervals, with edge cases (nested, empty input)", make: pythonIntervals },
    },
  },
  {
    primitive: "gen.code.javascript",
    mode: "answer",
    levels: {
      L1: { description: "Node.js: count lines of a file containing a letter", make: jsCountChar },
      L2: { description: "Node.js: average per team from CSV, printed as JSON", make: jsAverages },
      L3: { description: "Node.js: read JSON files concurrently, merge records by id keeping the newest", make: jsMerge },
    },
  },
  {
    primitive: "gen.code.shell",
    mode: "answer",
    levels: {
      L1: { description: "bash: count lines starting with a prefix", make: shellPrefix },
      L2: { description: "bash: top-k names by score with a sort/head/cut pipeline and tie-breaking", make: shellTopK },
      L3: { description: "bash: awk sums of a key=value field per log level", make: shellAwk },
    },
  },
];
