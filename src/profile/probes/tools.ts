import { createHash } from "node:crypto";
import { ANSWER_LINE, clip } from "../graders/answer.js";
import { fail, firstFailure, pass, type InstanceBody, type Outcome, type ProbeFamily, type Turn, type Verdict } from "../probe.js";
import type { Rng } from "../rng.js";
import { sameJson } from "./code-probe.js";
import { calls, done, expectAnswer, expectFile, leftFile, read, run, widestTurn, write } from "./agent-kit.js";
import { NAMES, NOUNS } from "./words.js";

type Check = (outcome: Outcome) => Promise<Verdict | undefined> | Verdict | undefined;

function agentProbe(body: Omit<InstanceBody, "grade">, ...checks: Check[]): InstanceBody {
  return {
    ...body,
    async grade(outcome) {
      for (const check of checks) {
        const verdict = await check(outcome);
        if (verdict && !verdict.passed) return verdict;
      }
      return pass();
    },
  };
}

const lines = (xs: readonly (string | number)[]) => `${xs.join("\n")}\n`;

// ---------- tool.file.read ----------

function readSecret(rng: Rng) {
  const [path, code] = [`notes/${rng.pick(NOUNS)}-${rng.token(3)}.txt`, rng.token(10)];
  const files = { [path]: lines([`owner: ${rng.pick(NAMES)}`, `access code: ${code}`, `expires: 20${rng.int(27, 35)}`]) };
  const answer = (c: string): Turn[] => [calls(read(path)), done(`ANSWER: ${c}`)];
  return agentProbe(
    { prompt: `The file ${path} in your workspace holds an access code. Report it. ${ANSWER_LINE}`, files, reference: answer(code), nearMiss: answer(`${code.slice(0, -1)}${code.endsWith("x") ? "y" : "x"}`) },
    (o) => expectAnswer(o, code),
  );
}

function readMany(rng: Rng) {
  const names = rng.sample(NOUNS, 4).map((n) => `${n}.txt`);
  const missing = names[rng.int(0, 3)]!;
  const files = Object.fromEntries(names.filter((n) => n !== missing).map((n) => [`docs/${n}`, lines([`${rng.pick(NOUNS)} ${rng.token(4)}`, "second line"])]));
  const first = (n: string) => (n === missing ? "NOT_FOUND" : files[`docs/${n}`]!.split("\n")[0]!);
  const report = names.map((n) => `${n}: ${first(n)}`);
  const wrong = names.map((n) => `${n}: ${n === missing ? "" : first(n)}`);
  return agentProbe(
    {
      prompt: `For each of these files in docs/: ${names.join(", ")}, report its first line, or NOT_FOUND if the file does not exist. Your final reply is one line per file, in that order, "name: first line", and nothing else.`,
      files,
      reference: [calls(...names.map((n) => read(`docs/${n}`))), done(report.join("\n"))],
      nearMiss: [calls(...names.map((n) => read(`docs/${n}`))), done(wrong.join("\n"))],
    },
    (o) => {
      const got = o.text.trim().split("\n").map((l) => l.trim());
      return sameJson(got, report) ? undefined : fail(`report ${clip(got.join(" | "))}, expected ${clip(report.join(" | "))}`);
    },
  );
}

function readRange(rng: Rng) {
  const body = Array.from({ length: 120 }, (_, i) => `entry ${i + 1}: ${rng.token(6)}`);
  const start = rng.int(30, 100);
  const want = body.slice(start - 1, start + 4);
  const file = `journal-${rng.token(4)}.log`;
  const reply = (ls: string[]): Turn[] => [calls(read(file)), done(ls.join("\n"))];
  return agentProbe(
    {
      prompt: `Read ${file} and reply with exactly its lines ${start} to ${start + 4} (the first line is line 1), verbatim, one per line, and nothing else.`,
      files: { [file]: lines(body) },
      reference: reply(want),
      nearMiss: reply(body.slice(start, start + 5)),
    },
    (o) => {
      const got = o.text.trim().split("\n").map((l) => l.trim());
      return sameJson(got, want) ? undefined : fail(`lines ${clip(got.join(" | "))}, expected ${clip(want.join(" | "))}`);
    },
  );
}

// ---------- tool.file.write ----------

function writeExact(rng: Rng) {
  const path = `out/${rng.pick(NOUNS)}.txt`;
  const content = lines([`# ${rng.pick(NOUNS)} log`, `  indented: ${rng.int(1, 999)}`, `tab\tseparated\t${rng.token(4)}`, "", "last line"]);
  const typo = content.replace("last line", "last lin");
  return agentProbe(
    {
      prompt: `Create the file ${path} with exactly this content (5 lines, the 4th empty; keep the two leading spaces and the tab characters; end with a newline), shown here as a JSON string: ${JSON.stringify(content)}`,
      reference: [calls(write(path, content)), done()],
      nearMiss: [calls(write(path, typo)), done()],
    },
    (o) => expectFile(o, path, content),
  );
}

function writeGenerated(rng: Rng) {
  const n = rng.int(15, 30);
  const cycle = rng.sample(NOUNS, 3);
  const want = Array.from({ length: n }, (_, i) => `${i + 1}. ${cycle[i % 3]}`);
  return agentProbe(
    {
      prompt: `Create list.txt with ${n} lines: line i is "i. word", where the words cycle through ${cycle.join(", ")} (line 1 uses ${cycle[0]}, line 4 uses ${cycle[0]} again).`,
      reference: [calls(write("list.txt", lines(want))), done()],
      nearMiss: [calls(write("list.txt", lines(want.slice(0, -1)))), done()],
    },
    (o) => expectFile(o, "list.txt", lines(want)),
  );
}

function writeSeveral(rng: Rng) {
  const config = { name: rng.pick(NOUNS), retries: rng.int(1, 5), tags: rng.sample(NOUNS, 2) };
  const readme = `# ${config.name}\n\nOwned by ${rng.pick(NAMES)}.\n`;
  const csv = lines(["id,score", ...Array.from({ length: 3 }, (_, i) => `${i + 1},${rng.int(10, 99)}`)]);
  const all = [write("conf/app/config.json", JSON.stringify(config)), write("docs/README.md", readme), write("data/scores.csv", csv)];
  return agentProbe(
    {
      prompt: `Create these three files in one go:\n- conf/app/config.json: the JSON object ${JSON.stringify(config)}\n- docs/README.md: exactly the text ${JSON.stringify(readme)}\n- data/scores.csv: exactly the text ${JSON.stringify(csv)}`,
      reference: [calls(...all), done()],
      nearMiss: [calls(...all.slice(0, 2)), done()],
    },
    async (o) => {
      const json = await leftFile(o, "conf/app/config.json");
      if (json === undefined) return fail("conf/app/config.json was not written");
      try {
        if (!sameJson(JSON.parse(json), config)) return fail(`conf/app/config.json: ${clip(json)} is not the object asked for`);
      } catch {
        return fail("conf/app/config.json is not JSON");
      }
      return firstFailure(await expectFile(o, "docs/README.md", readme), await expectFile(o, "data/scores.csv", csv));
    },
  );
}

// ---------- tool.exec ----------

const STAMP = `import hashlib, sys\nsalt = open("salt.txt").read().strip()\nprint(hashlib.sha256((salt + sys.argv[1]).encode()).hexdigest()[:12])\n`;

function execGiven(rng: Rng) {
  const [salt, word] = [rng.token(16), `${rng.pick(NOUNS)}-${rng.token(3)}`];
  const stamp = createHash("sha256").update(salt + word).digest("hex").slice(0, 12);
  const reply = (s: string): Turn[] => [calls(run("python3", "stamp.py", word)), done(`ANSWER: ${s}`)];
  return agentProbe(
    {
      prompt: `Run the command python3 stamp.py ${word} in your workspace and report what it prints. ${ANSWER_LINE}`,
      files: { "stamp.py": STAMP, "salt.txt": salt },
      reference: reply(stamp),
      nearMiss: reply(stamp.replace(/.$/, (c) => (c === "0" ? "1" : "0"))),
    },
    (o) => expectAnswer(o, stamp),
  );
}

function execScript(rng: Rng) {
  const nums = Array.from({ length: 200 }, () => rng.int(1, 9999));
  const m = rng.pick([1_000_003, 999_983, 1_000_033, 998_244_353]);
  const data = `${rng.pick(NOUNS)}-${rng.token(3)}.txt`;
  const want = String(nums.reduce((s, x) => (s + x * x) % m, 0));
  const script = `total = 0\nfor line in open("${data}"):\n    if line.strip():\n        total = (total + int(line) ** 2) % ${m}\nprint(total)\n`;
  const reply = (a: string): Turn[] => [calls(write("square_sum.py", script)), calls(run("python3", "square_sum.py")), done(`ANSWER: ${a}`)];
  return agentProbe(
    {
      prompt: `${data} holds 200 integers, one per line. Write a Python script square_sum.py that prints the sum of their squares modulo ${m}, run it, and report the result. ${ANSWER_LINE}`,
      files: { [data]: lines(nums) },
      reference: reply(want),
      nearMiss: reply(String(Number(want) + 1)),
    },
    async (o) => (await leftFile(o, "square_sum.py")) === undefined ? fail("square_sum.py was not written") : undefined,
    (o) => (o.calls.some((c) => c.name === "run_command") ? undefined : fail("no command was run")),
    (o) => expectAnswer(o, want),
  );
}

function execPipeline(rng: Rng) {
  const ws = rng.shuffle([...new Set(Array.from({ length: 30 }, () => `${rng.pick(NOUNS)}${rng.int(1, 99)}`))]);
  const letter = rng.pick(["a", "e", "o"]);
  const input = `${rng.pick(NOUNS)}-${rng.token(3)}.txt`;
  const sorted = [...ws].sort();
  const kept = sorted.filter((w) => w.includes(letter));
  const steps = [
    run("bash", "-c", `LC_ALL=C sort ${input} > sorted.txt`),
    run("bash", "-c", `grep ${letter} sorted.txt > kept.txt`),
    run("bash", "-c", "wc -l < kept.txt | tr -d ' ' > count.txt"),
  ];
  return agentProbe(
    {
      prompt: `Run a three-stage pipeline in your workspace, leaving each stage's file: 1) sort ${input} (plain byte order) into sorted.txt; 2) keep the lines of sorted.txt that contain the letter "${letter}" in kept.txt; 3) write the number of lines of kept.txt (just the number) into count.txt.`,
      files: { [input]: lines(ws) },
      reference: [calls(...steps), done()],
      nearMiss: [calls(...steps.slice(0, 2)), calls(write("count.txt", `${kept.length + 1}\n`)), done()],
    },
    async (o) => (await expectFile(o, "sorted.txt", lines(sorted))) ?? (await expectFile(o, "kept.txt", lines(kept))),
    async (o) => expectFile(o, "count.txt", `${kept.length}\n`),
  );
}

// ---------- tool.call.format: the extra tool's arguments, exactly ----------

function callProbe(tool: string, description: string, prompt: string, args: Record<string, unknown>, wrong: Record<string, unknown>): InstanceBody {
  const extraTools = [{ name: tool, description, inputSchema: { type: "object", additionalProperties: true } }];
  return agentProbe(
    {
      prompt: `${prompt}\n\nCall the ${tool} tool exactly once with those arguments, then say you are done.`,
      extraTools,
      reference: [calls({ name: tool, arguments: args }), done()],
      nearMiss: [calls({ name: tool, arguments: wrong }), done()],
    },
    (o) => {
      const made = o.calls.filter((c) => c.name === tool);
      if (made.length !== 1) return fail(`${tool} was called ${made.length} times, once asked`);
      return sameJson(made[0]!.arguments, args) ? undefined : fail(`${tool} arguments ${clip(JSON.stringify(made[0]!.arguments))}, expected ${clip(JSON.stringify(args))}`);
    },
  );
}

function callFlat(rng: Rng) {
  const args = { title: `${rng.pick(NOUNS)} ${rng.pick(["broken", "slow", "missing"])}`, assignee: rng.pick(NAMES), priority: rng.pick(["low", "high", "urgent"]) };
  return callProbe(
    "create_ticket",
    "Create a support ticket.",
    `Create a ticket: the argument "title" is "${args.title}", "assignee" is "${args.assignee}", "priority" is "${args.priority}". No other arguments.`,
    args,
    { ...args, priority: args.priority.toUpperCase() },
  );
}

function callNested(rng: Rng) {
  const labels = rng.sample(NOUNS, 2);
  const steps = rng.sample(NOUNS, 3);
  const args = {
    project: { key: rng.pick(NOUNS).slice(0, 3).toUpperCase(), name: rng.pick(NOUNS) },
    labels,
    checklist: steps.map((s, i) => ({ item: s, done: i === 0 })),
    estimate: { hours: rng.int(1, 40), confidence: rng.pick(["low", "medium", "high"]) },
  };
  return callProbe(
    "plan_work",
    "Plan a work item.",
    `Plan a work item. Arguments: "project" is an object with "key" "${args.project.key}" and "name" "${args.project.name}"; "labels" is the array ["${labels.join('", "')}"]; "checklist" is an array of objects {"item", "done"} for ${steps.join(", ")} in that order, only the first done (true), the others false; "estimate" is an object with "hours" the integer ${args.estimate.hours} and "confidence" "${args.estimate.confidence}".`,
    args,
    { ...args, checklist: args.checklist.map((c) => ({ ...c, done: String(c.done) })) },
  );
}

function callEscaped(rng: Rng) {
  const who = rng.pick(NAMES);
  const message = `${who} said "ship it" at C:\\builds\\${rng.pick(NOUNS)}\nthen left — ünïcode ok`;
  const args = {
    payload: {
      message,
      tags: [`${rng.pick(NOUNS)}/${rng.pick(NOUNS)}`, "naïve café"],
      matrix: [
        [rng.int(1, 9), rng.int(1, 9)],
        [rng.int(-9, -1), 0],
      ],
      meta: { nested: { deeper: { flag: true, note: null, ratio: rng.int(1, 9) / 4 } } },
    },
  };
  const text = message.replace("\n", "\n    ");
  return callProbe(
    "send_event",
    "Send an event.",
    `Send one event. Its single argument "payload" is an object with:\n- "message": this text of two lines, exactly (double quotes, backslashes, the line break and the accented letters included):\n    ${text}\n- "tags": the array of the two strings ${args.payload.tags.map((t) => `«${t}»`).join(" and ")} (without the « »)\n- "matrix": the 2x2 integer array [[${args.payload.matrix[0]!.join(", ")}], [${args.payload.matrix[1]!.join(", ")}]]\n- "meta": {"nested": {"deeper": {"flag": true, "note": null, "ratio": ${args.payload.meta.nested.deeper.ratio}}}}`,
    args,
    { payload: { ...args.payload, message: message.replace("\n", "\\n") } },
  );
}

// ---------- tool.call.batch: independent reads in one turn ----------

function batchProbe(body: Omit<InstanceBody, "grade">, minWidth: number, ...checks: Check[]): InstanceBody {
  return agentProbe(body, ...checks, (o) => (widestTurn(o, "read_file") >= minWidth ? undefined : fail(`the reads were not batched: at most ${widestTurn(o, "read_file")} read_file calls in one turn, ${minWidth}+ expected`)));
}

function batchTwo(rng: Rng) {
  const [a, b] = [lines([rng.pick(NOUNS), rng.token(6)]), lines([rng.pick(NOUNS), rng.token(6)])];
  const [p1, p2] = [`${rng.pick(NOUNS)}-${rng.token(3)}.txt`, `${rng.pick(NOUNS)}-${rng.token(3)}.txt`];
  return batchProbe(
    {
      prompt: `Read ${p1} and ${p2} (both at once, in one turn), then write both.txt holding the content of ${p1} followed by that of ${p2}.`,
      files: { [p1]: a, [p2]: b },
      reference: [calls(read(p1), read(p2)), calls(write("both.txt", a + b)), done()],
      nearMiss: [calls(read(p1)), calls(read(p2)), calls(write("both.txt", a + b)), done()],
    },
    2,
    (o) => expectFile(o, "both.txt", a + b),
  );
}

function batchSummary(rng: Rng) {
  const names = rng.sample(NOUNS, rng.int(4, 6));
  const files = Object.fromEntries(names.map((n) => [`docs/${n}.txt`, `${rng.pick(NOUNS)} ${rng.token(5)} and more\n`]));
  const summary = names.map((n) => `${n}.txt: ${files[`docs/${n}.txt`]!.split(" ")[0]}`);
  const wrong = summary.map((l, i) => (i === 0 ? `${l}x` : l));
  const reads = calls(...names.map((n) => read(`docs/${n}.txt`)));
  return batchProbe(
    {
      prompt: `Read all of these files at once (one turn): ${names.map((n) => `docs/${n}.txt`).join(", ")}. Then write summary.txt with one line per file, in that order: "<file name>: <first word of the file>".`,
      files,
      reference: [reads, calls(write("summary.txt", lines(summary))), done()],
      nearMiss: [reads, calls(write("summary.txt", lines(wrong))), done()],
    },
    3,
    (o) => expectFile(o, "summary.txt", lines(summary)),
  );
}

function batchAggregate(rng: Rng) {
  const n = rng.int(6, 8);
  const sets = Array.from({ length: n }, () => Array.from({ length: rng.int(2, 4) }, () => rng.int(-50, 500)));
  const folder = `nums-${rng.token(3)}`;
  const files = Object.fromEntries(sets.map((s, i) => [`${folder}/n${i + 1}.txt`, lines(s)]));
  const total = String(sets.flat().reduce((a, b) => a + b, 0));
  const reads = calls(...Object.keys(files).map(read));
  return batchProbe(
    {
      prompt: `The folder ${folder}/ holds files n1.txt to n${n}.txt with integers, one per line. Read them all together in one turn, then write total.txt holding just the sum of every number in every file.`,
      files,
      reference: [reads, calls(write("total.txt", `${total}\n`)), done()],
      nearMiss: [reads, calls(write("total.txt", `${Number(total) + 1}\n`)), done()],
    },
    Math.ceil(n / 2),
    (o) => expectFile(o, "total.txt", `${total}\n`),
  );
}

// ---------- tool.web: a loopback JSON service (its URL in base_url.txt) ----------

const FETCH = (path: string) => `import json, urllib.request\nbase = open("base_url.txt").read().strip()\ndata = json.load(urllib.request.urlopen(base + ${JSON.stringify(path)}))\n`;

function webField(rng: Rng) {
  const build = rng.token(10);
  const route = `/${rng.pick(NOUNS)}-${rng.token(3)}/status`;
  const reply = (b: string): Turn[] => [calls(run("python3", "-c", `${FETCH(route)}print(data["build"]["id"])`)), done(`ANSWER: ${b}`)];
  return agentProbe(
    {
      prompt: `A JSON web service runs on this machine; its base URL is in base_url.txt. GET <base>${route} and report the value of build.id in its answer. ${ANSWER_LINE}`,
      http: { [route]: [{ body: { service: rng.pick(NOUNS), build: { id: build, date: "2026-01-01" } } }] },
      reference: reply(build),
      nearMiss: reply(build.slice(1)),
    },
    (o) => expectAnswer(o, build),
  );
}

function webQuery(rng: Rng) {
  const term = rng.pick(NOUNS);
  const limit = rng.int(2, 4);
  const ids = Array.from({ length: limit }, () => rng.int(100, 999));
  const total = rng.int(10, 60);
  const want = { total, ids };
  const route = `/${rng.pick(NOUNS)}-${rng.token(3)}/search`;
  const py = (path: string) => `${FETCH(path)}json.dump({"total": data["result"]["total"], "ids": [i["id"] for i in data["result"]["items"]]}, open("result.json", "w"))`;
  return agentProbe(
    {
      prompt: `A JSON web service runs on this machine; its base URL is in base_url.txt. GET <base>${route} with the query parameters q=${term} and limit=${limit} (in that order). Write result.json as {"total": <result.total>, "ids": [<the id of each item of result.items, in order>]}.`,
      http: {
        [route]: [
          { query: `q=${term}&limit=${limit}`, body: { result: { total, items: ids.map((id) => ({ id, name: rng.pick(NOUNS) })) } } },
          { body: { result: { total: 0, items: [] }, hint: "use q and limit" } },
        ],
      },
      reference: [calls(run("python3", "-c", py(`${route}?q=${term}&limit=${limit}`))), done()],
      nearMiss: [calls(run("python3", "-c", py(`${route}?q=${term}`))), done()],
    },
    async (o) => {
      const got = await leftFile(o, "result.json");
      if (got === undefined) return fail("result.json was not written");
      try {
        return sameJson(JSON.parse(got), want) ? undefined : fail(`result.json ${clip(got)}, expected ${clip(JSON.stringify(want))}`);
      } catch {
        return fail("result.json is not JSON");
      }
    },
  );
}

function webPages(rng: Rng) {
  const pages = rng.int(3, 5);
  const items = Array.from({ length: pages }, () => rng.sample(NOUNS, 3).map((n) => `${n}-${rng.int(1, 99)}`));
  const all = [...new Set(items.flat())].sort();
  const routes = items.map((its, i) => ({ query: `page=${i + 1}`, body: { items: its, next: i + 1 < pages ? i + 2 : null } }));
  const path = `/${rng.pick(NOUNS)}-${rng.token(3)}/items`;
  const py = (stop: string) =>
    `import json, urllib.request\nbase = open("base_url.txt").read().strip()\nout, page = [], 1\nwhile page${stop}:\n    data = json.load(urllib.request.urlopen(f"{base}${path}?page={page}"))\n    out += data["items"]\n    page = data["next"]\njson.dump(sorted(set(out)), open("all.json", "w"))\n`;
  return agentProbe(
    {
      prompt: `A JSON web service runs on this machine; its base URL is in base_url.txt. <base>${path}?page=1 returns {"items": [...], "next": <next page number or null>}. Follow the pages to the end, and write all.json: every item of every page, without duplicates, sorted, as a JSON array of strings.`,
      http: { [path]: routes },
      reference: [calls(write("fetch_all.py", py("")), run("python3", "fetch_all.py")), done()],
      nearMiss: [calls(write("fetch_all.py", py(` and page < ${pages}`)), run("python3", "fetch_all.py")), done()],
    },
    async (o) => {
      const got = await leftFile(o, "all.json");
      if (got === undefined) return fail("all.json was not written");
      try {
        return sameJson(JSON.parse(got), all) ? undefined : fail(`all.json ${clip(got)}, expected ${clip(JSON.stringify(all))}`);
      } catch {
        return fail("all.json is not JSON");
      }
    },
  );
}

// ---------- tool.browser: pages on disk ----------

const page = (body: string) => `<!DOCTYPE html>\n<html><head><title>t</title></head>\n<body>\n${body}\n</body></html>\n`;

function browserById(rng: Rng) {
  const ids = rng.sample(["intro", "price", "status", "owner", "summary", "footer"], 4);
  const texts = ids.map(() => `${rng.pick(NOUNS)} ${rng.token(5)}`);
  const target = rng.int(0, 3);
  const html = page(ids.map((id, i) => `<div class="box" id="${id}"><span>${texts[i]}</span></div>`).join("\n"));
  const file = `site/${rng.pick(NOUNS)}-${rng.token(3)}.html`;
  const reply = (t: string): Turn[] => [calls(read(file)), done(`ANSWER: ${t}`)];
  return agentProbe(
    {
      prompt: `Open ${file} and report the text inside the element whose id is "${ids[target]}". ${ANSWER_LINE}`,
      files: { [file]: html },
      reference: reply(texts[target]!),
      nearMiss: reply(texts[(target + 1) % 4]!),
    },
    (o) => expectAnswer(o, texts[target]!),
  );
}

function browserTable(rng: Rng) {
  const rows = rng.sample(NAMES, rng.int(3, 5)).map((n) => [n, rng.pick(NOUNS), String(rng.int(1, 99))]);
  const html = page(`<p>Visitors</p>\n<table>\n<tr><th>name</th><th>place</th><th>visits</th></tr>\n${rows.map((r) => `<tr><td>${r.join("</td><td>")}</td></tr>`).join("\n")}\n</table>`);
  const csv = lines(["name,place,visits", ...rows.map((r) => r.join(","))]);
  const file = `site/${rng.pick(NOUNS)}-${rng.token(3)}.html`;
  return agentProbe(
    {
      prompt: `${file} holds a table. Write visitors.csv: its header row, then every data row, comma-separated, in page order.`,
      files: { [file]: html },
      reference: [calls(read(file)), calls(write("visitors.csv", csv)), done()],
      nearMiss: [calls(read(file)), calls(write("visitors.csv", csv.split("\n").slice(1).join("\n"))), done()],
    },
    (o) => expectFile(o, "visitors.csv", csv),
  );
}

function browserCrawl(rng: Rng) {
  const n = rng.int(3, 5);
  const names = Array.from({ length: n }, (_, i) => `${rng.pick(NOUNS)}-${rng.token(3)}-${i + 1}.html`);
  const items = names.map(() => rng.sample(NOUNS, 2).map((x) => `${x} ${rng.int(1, 99)}`));
  const files = Object.fromEntries(
    names.map((name, i) => [`site/${name}`, page(`<ul>${items[i]!.map((t) => `<li>${t}</li>`).join("")}</ul>${i + 1 < n ? `\n<a class="next" href="${names[i + 1]}">next</a>` : ""}`)]),
  );
  const all = items.flat().sort();
  const reads = names.map((nm) => calls(read(`site/${nm}`)));
  return agentProbe(
    {
      prompt: `Start at site/${names[0]}. Each page lists items (li) and may link to the next page (a class="next"). Follow the links to the last page and write items.json: every li text of every page, sorted, as a JSON array of strings.`,
      files,
      reference: [...reads, calls(write("items.json", JSON.stringify(all))), done()],
      nearMiss: [...reads, calls(write("items.json", JSON.stringify(items.slice(0, -1).flat().sort()))), done()],
    },
    async (o) => {
      const got = await leftFile(o, "items.json");
      if (got === undefined) return fail("items.json was not written");
      try {
        return sameJson(JSON.parse(got), all) ? undefined : fail(`items.json ${clip(got)}, expected ${clip(JSON.stringify(all))}`);
      } catch {
        return fail("items.json is not JSON");
      }
    },
  );
}

// ---------- follow.delegation: compute by running code, not by guessing ----------

/** The result file must be right and produced by a script the model ran (not written by hand). */
function delegationProbe(prompt: string, script: string, want: string, files: Record<string, string> = {}): InstanceBody {
  return agentProbe(
    {
      prompt: `${prompt} Do not work it out yourself: write a Python script compute.py that writes the answer into result.txt, and run it.`,
      files,
      reference: [calls(write("compute.py", script)), calls(run("python3", "compute.py")), done()],
      nearMiss: [calls(write("compute.py", script)), calls(write("result.txt", `${want}\n`)), done()],
    },
    (o) => (o.calls.some((c) => c.name === "run_command" && JSON.stringify(c.arguments).includes("compute.py")) ? undefined : fail("compute.py was never run")),
    async (o) => {
      const got = (await leftFile(o, "result.txt"))?.trim();
      return got === want ? undefined : fail(`result.txt ${got === undefined ? "missing" : clip(got)}, expected ${clip(want)}`);
    },
    (o) => (o.calls.some((c) => c.name === "write_file" && c.arguments.path === "result.txt") ? fail("result.txt was written by hand, not by the script") : undefined),
  );
}

function delegateProduct(rng: Rng) {
  const xs = Array.from({ length: 8 }, () => rng.int(101, 9999));
  const want = xs.reduce((p, x) => p * BigInt(x), 1n).toString();
  return delegationProbe(`Compute the exact product of ${xs.join(", ")}.`, `import math\nopen("result.txt", "w").write(str(math.prod([${xs.join(", ")}])) + "\\n")\n`, want);
}

function delegateCsv(rng: Rng) {
  const rows = Array.from({ length: 30 }, () => ({ item: rng.pick(NOUNS), qty: rng.int(1, 20), cents: rng.int(50, 5000) }));
  const want = String(rows.reduce((s, r) => s + r.qty * r.cents, 0));
  const csv = lines(["item,qty,price_cents", ...rows.map((r) => `${r.item},${r.qty},${r.cents}`)]);
  const file = `orders-${rng.token(4)}.csv`;
  return delegationProbe(
    `${file} lists items with a quantity and a unit price in cents. Compute the grand total in cents (the sum of qty times price over all lines).`,
    `import csv\nrows = list(csv.DictReader(open("${file}")))\nopen("result.txt", "w").write(str(sum(int(r["qty"]) * int(r["price_cents"]) for r in rows)) + "\\n")\n`,
    want,
    { [file]: csv },
  );
}

function delegateDecimal(rng: Rng) {
  const terms = Array.from({ length: 12 }, () => [rng.int(1, 999), rng.int(1, 99)] as const);
  // Sum of a.bb * c.d exactly: scale 1000 (two decimals times one decimal).
  const scaled = terms.reduce((s, [a, c]) => s + BigInt(a) * BigInt(c), 0n);
  const want = `${scaled / 1000n}.${String(scaled % 1000n).padStart(3, "0")}`;
  const expr = terms.map(([a, c]) => `${(a / 100).toFixed(2)} * ${(c / 10).toFixed(1)}`);
  return delegationProbe(
    `Compute exactly, with decimal arithmetic (no binary floating point), the sum ${expr.join(" + ")}. Write it with exactly three decimals.`,
    `from decimal import Decimal\nterms = [${terms.map(([a, c]) => `("${(a / 100).toFixed(2)}", "${(c / 10).toFixed(1)}")`).join(", ")}]\ntotal = sum(Decimal(a) * Decimal(c) for a, c in terms)\nopen("result.txt", "w").write(f"{total:.3f}\\n")\n`,
    want,
  );
}

export const agentFamilies: ProbeFamily[] = [
  {
    primitive: "tool.file.read",
    mode: "agent",
    levels: {
      L1: { description: "read one file and report a code found only there", make: readSecret },
      L2: { description: "read several files, one missing, and report each first line or NOT_FOUND", make: readMany },
      L3: { description: "report an exact line range of a 120-line file", make: readRange },
    },
  },
  {
    primitive: "tool.file.write",
    mode: "agent",
    levels: {
      L1: { description: "write one file with exact multi-line content (spaces, tabs, an empty line)", make: writeExact },
      L2: { description: "write a generated numbered list with cycling words", make: writeGenerated },
      L3: { description: "write three files in nested folders at once", make: writeSeveral },
    },
  },
  {
    primitive: "tool.exec",
    mode: "agent",
    levels: {
      L1: { description: "run a given command and report its (unguessable) output", make: execGiven },
      L2: { description: "write a script, run it and report what it computed", make: execScript },
      L3: { description: "a three-stage shell pipeline leaving each stage's file", make: execPipeline },
    },
  },
  {
    primitive: "tool.call.format",
    mode: "agent",
    levels: {
      L1: { description: "a function call with exact string arguments", make: callFlat },
      L2: { description: "a function call with nested objects, arrays and typed values", make: callNested },
      L3: { description: "a function call with deep nesting, quotes, backslashes, a newline and non-ASCII text", make: callEscaped },
    },
  },
  {
    primitive: "tool.call.batch",
    mode: "agent",
    levels: {
      L1: { description: "two reads in one turn, then one write", make: batchTwo },
      L2: { description: "many reads in one turn, then a per-file summary", make: batchSummary },
      L3: { description: "reads across 6-8 files in one turn, then a cross-file sum", make: batchAggregate },
    },
  },
  {
    primitive: "tool.web",
    mode: "agent",
    levels: {
      L1: { description: "GET a JSON document from a loopback service and report a nested field", make: webField },
      L2: { description: "a GET with query parameters, nested data written as JSON", make: webQuery },
      L3: { description: "follow pagination to the end and merge the items", make: webPages },
    },
  },
  {
    primitive: "tool.browser",
    mode: "agent",
    levels: {
      L1: { description: "the text of an element by id in an HTML page", make: browserById },
      L2: { description: "an HTML table converted to CSV", make: browserTable },
      L3: { description: "follow next-page links across pages and collect the list items", make: browserCrawl },
    },
  },
  {
    primitive: "follow.delegation",
    mode: "agent",
    levels: {
      L1: { description: "an exact product of eight numbers, computed by a script the model writes and runs", make: delegateProduct },
      L2: { description: "a CSV grand total computed by a script", make: delegateCsv },
      L3: { description: "exact decimal arithmetic (Decimal) by a script", make: delegateDecimal },
    },
  },
];
