import { codeBlock, clip } from "../graders/answer.js";
import { runChecker } from "../graders/sandbox.js";
import { fail, pass, says, type InstanceBody, type ProbeFamily, type Verdict } from "../probe.js";
import type { Rng } from "../rng.js";
import { sameJson } from "./code-probe.js";
import { NAMES, NOUNS } from "./words.js";

// ---------- SQL (SQLite), run by a Python checker on hidden tables ----------

const SQL_CHECKER = `
import json, sqlite3, sys
req = json.load(sys.stdin)
out = []
for data in req["datasets"]:
    db = sqlite3.connect(":memory:")
    db.executescript(req["schema"])
    for table, rows in data.items():
        if rows:
            db.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)
    try:
        out.append({"rows": [list(r) for r in db.execute(req["query"]).fetchall()]})
    except Exception as e:
        out.append({"error": str(e)})
print(json.dumps(out))
`;

const SCHEMA = "CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT);\nCREATE TABLE employees (id INTEGER PRIMARY KEY, name TEXT, dept_id INTEGER, salary INTEGER);";

interface Company {
  departments: [number, string][];
  employees: [number, string, number, number][];
}

function company(rng: Rng, withTie: boolean): Company {
  const names = rng.sample(["sales", "research", "support", "legal", "design", "ops"], 4);
  const departments = names.map((n, i): [number, string] => [i + 1, n]);
  const staffed = departments.slice(0, 3);
  const people = rng.sample(NAMES, rng.int(8, 12));
  const employees = people.map((p, i): [number, string, number, number] => [i + 1, p, rng.pick(staffed)[0], rng.int(30, 90) * 1000]);
  if (withTie) {
    const top = Math.max(...employees.map((e) => e[3]));
    employees.push([employees.length + 1, "tied", employees.find((e) => e[3] === top)![2], top]);
  }
  return { departments, employees };
}

function sqlProbe(rng: Rng, task: string, reference: string, nearMiss: string, expected: (c: Company) => unknown[][], tweak: (c: Company) => void = () => {}): InstanceBody {
  const [example, ...datasets] = [company(rng, true), company(rng, true), company(rng, true)] as [Company, Company, Company];
  [example, ...datasets].forEach(tweak);
  const rows = (table: string, rs: unknown[][]) => rs.map((r) => `    INSERT INTO ${table} VALUES (${r.map((v) => JSON.stringify(v).replaceAll('"', "'")).join(", ")});`).join("\n");
  const shown = `Example data:\n${rows("departments", example.departments)}\n${rows("employees", example.employees)}\nExpected rows for it: ${JSON.stringify(expected(example))}`;
  return {
    prompt: `SQLite database:\n\n${SCHEMA}\n\n${task}\n\n${shown}\n\nReply with the query in one fenced code block tagged sql. It will be run on other data than the example.`,
    reference: says(`\`\`\`sql\n${reference}\n\`\`\``),
    nearMiss: says(`\`\`\`sql\n${nearMiss}\n\`\`\``),
    async grade(outcome, { signal }): Promise<Verdict> {
      const query = codeBlock(outcome.text, ["sql", "sqlite"]);
      if (!query?.trim()) return fail("no sql code block in the reply");
      const run = await runChecker<{ rows?: unknown[][]; error?: string }[]>(SQL_CHECKER, { schema: SCHEMA, query, datasets }, signal);
      if (!run.ok) return fail(`query checker: ${run.reason}`);
      for (const [i, got] of run.value.entries()) {
        if (got.error) return fail(`hidden data ${i + 1}: SQL error: ${clip(got.error)}`);
        const want = expected(datasets[i]!);
        if (!sameJson(got.rows, want)) return fail(`hidden data ${i + 1}: expected rows ${clip(JSON.stringify(want))}, got ${clip(JSON.stringify(got.rows))}`);
      }
      return pass();
    },
  };
}

function sqlCount(rng: Rng) {
  const t = rng.int(40, 80) * 1000;
  return sqlProbe(
    rng,
    `Write a query returning one row with one column: the number of employees whose salary is at least ${t}.`,
    `SELECT COUNT(*) FROM employees WHERE salary >= ${t};`,
    `SELECT COUNT(*) FROM employees WHERE salary > ${t};`,
    (c) => [[c.employees.filter((e) => e[3] >= t).length]],
    (c) => void c.employees.push([c.employees.length + 1, "edge", 1, t]),
  );
}

const deptName = (c: Company, id: number) => c.departments.find((d) => d[0] === id)![1];

function sqlJoin(rng: Rng) {
  const floor = rng.int(3, 6) * 10_000;
  const expected = (c: Company): unknown[][] => {
    const counts = new Map<string, number>();
    for (const e of c.employees) if (e[3] >= floor) counts.set(deptName(c, e[2]), (counts.get(deptName(c, e[2])) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([n, k]) => [n, k]);
  };
  const query = (join: string) => `SELECT d.name, COUNT(e.id) AS n\nFROM departments d ${join} employees e ON e.dept_id = d.id AND e.salary >= ${floor}\nGROUP BY d.id\nORDER BY n DESC, d.name ASC;`;
  return sqlProbe(
    rng,
    `Write a query listing each department's name and its number of employees earning at least ${floor}, most first, equal counts by department name (A to Z). Departments with no such employees are left out.`,
    query("JOIN"),
    query("LEFT JOIN"),
    expected,
  );
}

function sqlWindow(rng: Rng) {
  const cap = rng.int(7, 9) * 10_000;
  const expected = (c: Company): unknown[][] => {
    const top = new Map<number, number>();
    for (const e of c.employees) if (e[3] <= cap) top.set(e[2], Math.max(top.get(e[2]) ?? 0, e[3]));
    return c.employees
      .filter((e) => e[3] <= cap && e[3] === top.get(e[2]))
      .map((e) => [deptName(c, e[2]), e[1], e[3]])
      .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : 1));
  };
  const query = (fn: string) =>
    `WITH ranked AS (\n  SELECT d.name AS dept, e.name, e.salary, ${fn}() OVER (PARTITION BY e.dept_id ORDER BY e.salary DESC) AS r\n  FROM employees e JOIN departments d ON d.id = e.dept_id\n  WHERE e.salary <= ${cap}\n)\nSELECT dept, name, salary FROM ranked WHERE r = 1 ORDER BY dept, name;`;
  return sqlProbe(
    rng,
    `Leaving out everyone paid more than ${cap}, write a query returning the top earners of each department: rows (department name, employee name, salary) for every remaining employee whose salary is the highest remaining in their department (all of them when several share it), ordered by department name, then employee name. Use a window function.`,
    query("RANK"),
    query("ROW_NUMBER"),
    expected,
    // A tie for the top salary under the cap, so dropping ties (ROW_NUMBER) shows.
    (c) => {
      const eligible = c.employees.filter((e) => e[3] <= cap);
      const top = eligible.reduce<(typeof eligible)[number] | undefined>((a, b) => (!a || b[3] > a[3] ? b : a), undefined) ?? [0, "", 1, cap];
      c.employees.push([c.employees.length + 1, "twin", top[2], top[3]]);
    },
  );
}

// ---------- HTML, parsed by a Python checker into an element outline ----------

const HTML_CHECKER = `
import json, sys
from html.parser import HTMLParser
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.elements, self.problems = [], [], []
    def add(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "text": "", "path": [e["tag"] for e in self.stack]}
        self.elements.append(el)
        return el
    def handle_starttag(self, tag, attrs):
        el = self.add(tag, attrs)
        if tag not in VOID:
            self.stack.append(el)
    def handle_startendtag(self, tag, attrs):
        self.add(tag, attrs)
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1]["tag"] != tag:
            self.problems.append("unexpected </%s>" % tag)
            return
        self.stack.pop()
    def handle_data(self, data):
        for el in self.stack:
            el["text"] += data
p = Outline()
p.feed(json.load(sys.stdin)["html"])
p.close()
p.problems += ["<%s> is never closed" % e["tag"] for e in p.stack if e["tag"] not in ("html", "body", "head", "p", "li")]
for el in p.elements:
    el["text"] = " ".join(el["text"].split())
print(json.dumps({"elements": p.elements, "problems": p.problems}))
`;

interface Element {
  tag: string;
  attrs: Record<string, string | null>;
  text: string;
  path: string[];
}

type HtmlCheck = (els: Element[]) => string | undefined;

function htmlProbe(task: string, reference: string, nearMiss: string, check: HtmlCheck): InstanceBody {
  const fence = (html: string) => says(`\`\`\`html\n${html}\n\`\`\``);
  return {
    prompt: `${task}\n\nReply with the complete document in one fenced code block tagged html.`,
    reference: fence(reference),
    nearMiss: fence(nearMiss),
    async grade(outcome, { signal }) {
      const html = codeBlock(outcome.text, ["html"]);
      if (!html?.trim()) return fail("no html code block in the reply");
      const run = await runChecker<{ elements: Element[]; problems: string[] }>(HTML_CHECKER, { html }, signal);
      if (!run.ok) return fail(`html checker: ${run.reason}`);
      if (run.value.problems.length) return fail(`malformed HTML: ${run.value.problems.slice(0, 3).join("; ")}`);
      const problem = check(run.value.elements);
      return problem ? fail(problem) : pass();
    },
  };
}

const within = (el: Element, tag: string) => el.path.includes(tag);
const textsOf = (els: Element[], tag: string, parent?: string) => els.filter((e) => e.tag === tag && (!parent || within(e, parent))).map((e) => e.text);
const listDiff = (what: string, want: readonly string[], got: readonly string[]) =>
  sameJson(want, got) ? undefined : `${what}: expected ${clip(JSON.stringify(want))}, got ${clip(JSON.stringify(got))}`;
const doc = (body: string) => `<!DOCTYPE html>\n<html>\n<head><title>page</title></head>\n<body>\n${body}\n</body>\n</html>`;

function htmlList(rng: Rng) {
  const title = `${rng.pick(NOUNS)} ${rng.pick(NOUNS)} notes`;
  const items = rng.sample(NOUNS, rng.int(3, 5));
  const render = (its: string[]) => doc(`<h1>${title}</h1>\n<ul>\n${its.map((i) => `  <li>${i}</li>`).join("\n")}\n</ul>`);
  const swapped = [items[1]!, items[0]!, ...items.slice(2)];
  return htmlProbe(
    `Write an HTML document with one h1 heading reading "${title}" and an unordered list whose items are, in this order: ${items.join(", ")}.`,
    render(items),
    render(swapped),
    (els) => listDiff("h1", [title], textsOf(els, "h1")) ?? listDiff("list items", items, textsOf(els, "li", "ul")),
  );
}

function htmlTable(rng: Rng) {
  const columns = ["name", "city", "visits"];
  const rows = rng.sample(NAMES, rng.int(3, 5)).map((n) => [n, rng.pick(NOUNS), String(rng.int(1, 99))]);
  const render = (rs: string[][]) =>
    doc(`<header><h1>Visitors</h1></header>\n<main>\n<table>\n<thead><tr>${columns.map((c) => `<th>${c}</th>`).join("")}</tr></thead>\n<tbody>\n${rs.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n")}\n</tbody>\n</table>\n</main>\n<footer>source: visitor log</footer>`);
  return htmlProbe(
    `Write an HTML document with a header, a main and a footer element. Inside main, a table with a thead holding the column headings ${columns.join(", ")} (th cells) and a tbody with one row (td cells) per visitor, in this order: ${rows.map((r) => `(${r.join(", ")})`).join(", ")}.`,
    render(rows),
    render(rows.slice(0, -1)),
    (els) => {
      for (const tag of ["header", "main", "footer"]) if (!els.some((e) => e.tag === tag)) return `no <${tag}> element`;
      const table = els.find((e) => e.tag === "table");
      if (!table || !within(table, "main")) return "no table inside main";
      const head = listDiff("column headings", columns, textsOf(els, "th", "thead"));
      const rowCount = els.filter((e) => e.tag === "tr" && within(e, "tbody")).length;
      if (!head && rowCount !== rows.length) return `tbody has ${rowCount} rows, expected ${rows.length}`;
      return head ?? listDiff("body cells", rows.flat(), textsOf(els, "td", "tbody"));
    },
  );
}

function htmlChart(rng: Rng) {
  const values = Array.from({ length: rng.int(4, 6) }, () => rng.int(1, 20));
  const scale = rng.pick([5, 10]);
  const render = (vs: number[]) =>
    doc(`<svg width="${vs.length * 30}" height="${20 * scale}" xmlns="http://www.w3.org/2000/svg">\n${vs.map((v, i) => `  <rect x="${i * 30}" y="${20 * scale - v * scale}" width="20" height="${v * scale}"></rect>`).join("\n")}\n</svg>`);
  const off = values.map((v, i) => (i === values.length - 1 ? v + 1 : v));
  return htmlProbe(
    `Write an HTML document containing an inline SVG bar chart of the values ${values.join(", ")}: one rect per value, left to right in this order (increasing x), each rect's height attribute equal to the value times ${scale}, and no other rect elements.`,
    render(values),
    render(off),
    (els) => {
      const rects = els.filter((e) => e.tag === "rect" && within(e, "svg"));
      if (!rects.length) return "no rect inside an svg";
      const xs = rects.map((r) => Number(r.attrs.x ?? 0));
      if (xs.some((x, i) => i > 0 && x <= xs[i - 1]!)) return `rects are not left to right: x = ${xs.join(", ")}`;
      return listDiff("rect heights", values.map((v) => String(v * scale)), rects.map((r) => String(Number(r.attrs.height))));
    },
  );
}

export const sqlHtmlFamilies: ProbeFamily[] = [
  {
    primitive: "gen.code.sql",
    mode: "answer",
    levels: {
      L1: { description: "SQL: count rows of one table matching a condition", make: sqlCount },
      L2: { description: "SQL: JOIN and GROUP BY with ordering and ties", make: sqlJoin },
      L3: { description: "SQL: a window function for the top earners per department, ties included", make: sqlWindow },
    },
  },
  {
    primitive: "gen.code.html",
    mode: "answer",
    levels: {
      L1: { description: "HTML: a heading and a list of given items in order", make: htmlList },
      L2: { description: "HTML: header/main/footer around a table with thead and tbody", make: htmlTable },
      L3: { description: "HTML: an inline SVG bar chart whose rect heights encode the data", make: htmlChart },
    },
  },
];
