import { ANSWER_LINE, clip, finalAnswer } from "../graders/answer.js";
import { fail, pass, says, type InstanceBody, type ProbeFamily } from "../probe.js";
import type { Rng } from "../rng.js";
import { NAMES } from "./words.js";

/**
 * A question with one exact answer on an `ANSWER:` line. `same` compares normalised values;
 * `nearMiss` is a plausible wrong answer (an off-by-one, a swapped pair).
 */
function answerProbe(question: string, answer: string, nearMiss: string, same: (got: string, want: string) => boolean = (a, b) => a === b, working = ""): InstanceBody {
  const reply = (a: string) => says(`${working}${working ? "\n" : ""}ANSWER: ${a}`);
  return {
    prompt: `${question}\n\n${ANSWER_LINE}`,
    reference: reply(answer),
    nearMiss: reply(nearMiss),
    async grade(outcome) {
      const got = finalAnswer(outcome.text);
      if (got === undefined) return fail("no ANSWER: line in the reply");
      return same(got, answer) ? pass() : fail(`answered ${clip(got)}, expected ${clip(answer)}`);
    },
  };
}

const numeric = (s: string) => s.replace(/[$,\s]/g, "").replace(/\.$/, "");
const sameNumber = (got: string, want: string) => numeric(got) !== "" && Number(numeric(got)) === Number(want);
const items = (s: string) => s.split(/\s*,\s*/).map((x) => x.trim().toLowerCase()).filter(Boolean);
const sameSet = (got: string, want: string) => items(got).sort().join(",") === items(want).sort().join(",");
const sameList = (got: string, want: string) => items(got).join(",") === items(want).join(",");

/** Rounds a non-negative rational num/den to cents, half up, as "d.cc". */
function cents(num: bigint, den: bigint): string {
  const c = (num * 100n * 2n + den) / (2n * den);
  return `${c / 100n}.${String(c % 100n).padStart(2, "0")}`;
}

// ---------- arithmetic ----------

function product(rng: Rng) {
  const [a, b] = [rng.int(1000, 9999), rng.int(100, 999)];
  return answerProbe(`Compute ${a} × ${b}.`, String(a * b), String(a * b + 10), sameNumber);
}

function discountTax(rng: Rng) {
  const [price, qty, disc, tax] = [rng.int(199, 4999), rng.int(2, 9), rng.pick([5, 10, 15, 20, 25]), rng.pick([6, 7, 8, 9])];
  const answer = cents(BigInt(price * qty * (100 - disc) * (100 + tax)), 100n * 100n * 100n);
  const wrong = cents(BigInt(price * qty * (100 - disc + tax)), 100n * 100n);
  return answerProbe(
    `A shop sells an item at $${(price / 100).toFixed(2)}. You buy ${qty}. A ${disc}% discount applies to the subtotal, then ${tax}% sales tax applies to the discounted amount. Round only the final total to the cent. What do you pay, in dollars?`,
    answer,
    wrong === answer ? cents(BigInt(price * qty * (100 - disc) * (100 + tax)) + 100n * 100n, 100n * 100n * 100n) : wrong,
    sameNumber,
  );
}

function compound(rng: Rng) {
  const [p, rate, n, years] = [rng.int(10, 90) * 100, rng.pick([3, 4, 5, 6, 8]), rng.pick([1, 2, 4, 12]), rng.int(2, 10)];
  // P * (1 + r/(100n))^(n*y), exactly, as a fraction.
  const steps = BigInt(n * years);
  const num = BigInt(p) * BigInt(100 * n + rate) ** steps;
  const den = BigInt(100 * n) ** steps;
  const answer = cents(num, den);
  const simple = cents(BigInt(p) * BigInt(100 + rate) ** BigInt(years), 100n ** BigInt(years));
  return answerProbe(
    `$${p} is invested at ${rate}% nominal annual interest, compounded ${n === 1 ? "once" : `${n} times`} a year, for ${years} years. What is the final amount, rounded to the cent?`,
    answer,
    simple === answer ? cents(num + den, den) : simple,
    sameNumber,
  );
}

// ---------- logic ----------

function syllogisms(rng: Rng) {
  const kinds = rng.sample(["glimbs", "drazes", "wumps", "trells", "snorfs", "blickets", "zorbs", "pliffs"], 6);
  const [a, b, c, d, e, f] = kinds as [string, string, string, string, string, string];
  const rules = [`All ${a} are ${b}.`, `All ${b} are ${c}.`, `All ${d} are ${e}.`, `No ${e} are ${c}.`, `All ${f} are ${a}.`];
  const people = rng.sample(NAMES, 5);
  const kindOf = people.map((p) => ({ p, k: rng.pick([a, b, d, e, f]) }));
  const isC = (k: string) => [a, b, f].includes(k);
  const answer = kindOf.filter((x) => isC(x.k)).map((x) => x.p);
  const wrong = kindOf.filter((x) => isC(x.k) || x.k === d).map((x) => x.p);
  const fixedWrong = wrong.length === answer.length ? [...answer, "nobody"] : wrong;
  return answerProbe(
    `Rules:\n${rng.shuffle(rules).join("\n")}\nFacts: ${kindOf.map((x) => `${x.p} is one of the ${x.k}.`).join(" ")}\n\nWhich of ${people.join(", ")} are certainly ${c}? Answer with their names separated by commas, or "none".`,
    answer.join(", ") || "none",
    fixedWrong.join(", "),
    sameSet,
  );
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

function seating(rng: Rng) {
  const people = rng.sample(NAMES, 5);
  const truth = rng.shuffle(people);
  const pos = (order: string[], p: string) => order.indexOf(p);
  type Clue = { text: string; holds: (o: string[]) => boolean };
  const clueFor = (): Clue => {
    const [x, y] = rng.sample(people, 2) as [string, string];
    const [px, py] = [pos(truth, x), pos(truth, y)];
    if (Math.abs(px - py) === 1 && rng.next() < 0.5) return { text: `${x} sits next to ${y}.`, holds: (o) => Math.abs(pos(o, x) - pos(o, y)) === 1 };
    if (px < py) return { text: `${x} sits somewhere left of ${y}.`, holds: (o) => pos(o, x) < pos(o, y) };
    if (px === 0 || px === 4) return { text: `${x} sits at ${px === 0 ? "the left" : "the right"} end.`, holds: (o) => pos(o, x) === px };
    return { text: `${x} is not next to ${y}.`, holds: (o) => Math.abs(pos(o, x) - pos(o, y)) !== 1 };
  };
  const clues: Clue[] = [];
  let candidates = permutations(people);
  while (candidates.length > 1) {
    const clue = clueFor();
    const left = candidates.filter(clue.holds);
    if (left.length < candidates.length) {
      clues.push(clue);
      candidates = left;
    }
  }
  const swapped = [truth[1]!, truth[0]!, ...truth.slice(2)];
  return answerProbe(
    `Five people sit in a row of five seats, numbered 1 (left) to 5 (right): ${[...people].sort().join(", ")}.\n${clues.map((c) => `- ${c.text}`).join("\n")}\n\nGive the seating from left to right, names separated by commas.`,
    truth.join(", "),
    swapped.join(", "),
    sameList,
  );
}

function assignment(rng: Rng) {
  const workers = rng.sample(NAMES, 4);
  const tasks = ["paint", "wire", "plumb", "tile"];
  const cost = workers.map(() => tasks.map(() => rng.int(2, 20)));
  const best = Math.min(...permutations([0, 1, 2, 3]).map((p) => p.reduce((s, t, w) => s + cost[w]![t]!, 0)));
  return answerProbe(
    `Assign each of four workers to a different task so that the total cost is as small as possible. Costs (worker: ${tasks.join(", ")}):\n${workers.map((w, i) => `${w}: ${cost[i]!.join(", ")}`).join("\n")}\n\nWhat is the minimum total cost?`,
    String(best),
    String(best + 1),
    sameNumber,
  );
}

// ---------- spatial ----------

function gridMoves(rng: Rng) {
  let [x, y] = [rng.int(-5, 5), rng.int(-5, 5)];
  const start = `(${x}, ${y})`;
  const moves = Array.from({ length: rng.int(6, 9) }, () => ({ d: rng.pick(["north", "south", "east", "west"] as const), n: rng.int(1, 7) }));
  for (const m of moves) {
    if (m.d === "north") y += m.n;
    if (m.d === "south") y -= m.n;
    if (m.d === "east") x += m.n;
    if (m.d === "west") x -= m.n;
  }
  return answerProbe(
    `A robot starts at ${start} on a grid where north is +y and east is +x. It moves: ${moves.map((m) => `${m.n} ${m.d}`).join(", ")}. Where does it end? Answer as x, y.`,
    `${x}, ${y}`,
    `${x}, ${y + 1}`,
    (g, w) => g.replace(/[()\s]/g, "") === w.replace(/\s/g, ""),
  );
}

function polygonArea(rng: Rng) {
  // A convex polygon: points on a jittered circle, in angular order.
  const k = rng.int(4, 6);
  const pts = Array.from({ length: k }, (_, i) => {
    const angle = (2 * Math.PI * i) / k + rng.next() * 0.5;
    const r = rng.int(4, 9);
    return [Math.round(r * Math.cos(angle)), Math.round(r * Math.sin(angle))] as [number, number];
  });
  const twice = Math.abs(pts.reduce((s, [x1, y1], i) => {
    const [x2, y2] = pts[(i + 1) % k]!;
    return s + x1 * y2 - x2 * y1;
  }, 0));
  const area = twice % 2 === 0 ? String(twice / 2) : `${(twice - 1) / 2}.5`;
  return answerProbe(
    `A polygon has the vertices, in order: ${pts.map(([x, y]) => `(${x}, ${y})`).join(", ")}. What is its area? Give the exact value.`,
    area,
    String(twice / 2 + 1),
    sameNumber,
  );
}

function maze(rng: Rng) {
  const [w, h] = [11, 7];
  for (;;) {
    const grid = Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, c): string => (r === 0 || c === 0 || r === h - 1 || c === w - 1 || rng.next() < 0.28 ? "#" : ".")));
    grid[1]![1] = "S";
    grid[h - 2]![w - 2] = "E";
    const dist = new Map<string, number>([["1,1", 0]]);
    const queue: [number, number][] = [[1, 1]];
    while (queue.length) {
      const [r, c] = queue.shift()!;
      for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const [nr, nc] = [r + dr, c + dc];
        if (grid[nr]?.[nc] !== "#" && !dist.has(`${nr},${nc}`)) {
          dist.set(`${nr},${nc}`, dist.get(`${r},${c}`)! + 1);
          queue.push([nr, nc]);
        }
      }
    }
    const steps = dist.get(`${h - 2},${w - 2}`);
    if (steps === undefined || steps < 12) continue;
    return answerProbe(
      `In this maze, # is a wall and . is open floor. Moving one step goes up, down, left or right (no diagonals) onto a non-wall cell. What is the smallest number of steps from S to E?\n\n${grid.map((row) => `    ${row.join("")}`).join("\n")}`,
      String(steps),
      String(steps + 2),
      sameNumber,
    );
  }
}

// ---------- planning ----------

interface Plan {
  tasks: string[];
  deps: Map<string, string[]>;
}

function plan(rng: Rng, n: number): Plan {
  const tasks = rng.sample(["fetch", "parse", "lint", "test", "build", "pack", "sign", "upload", "notify", "index", "audit"], n);
  const deps = new Map(tasks.map((t, i) => [t, i === 0 ? [] : rng.sample(tasks.slice(0, i), rng.int(1, Math.min(2, i)))]));
  return { tasks: rng.shuffle(tasks), deps };
}

const describePlan = (p: Plan) => p.tasks.map((t) => `- ${t}${p.deps.get(t)!.length ? ` needs ${p.deps.get(t)!.join(" and ")}` : " needs nothing"}`).join("\n");

function stagesOf(p: Plan): string[][] {
  const stage = new Map<string, number>();
  const depth = (t: string): number => stage.get(t) ?? (stage.set(t, Math.max(-1, ...p.deps.get(t)!.map(depth)) + 1), stage.get(t)!);
  p.tasks.forEach(depth);
  const out: string[][] = [];
  for (const [t, s] of stage) (out[s] ??= []).push(t);
  return out.map((s) => s.sort());
}

function topoOrder(rng: Rng) {
  const p = plan(rng, rng.int(6, 8));
  const order = stagesOf(p).flat();
  const [u, v] = (() => {
    const t = order.find((x) => p.deps.get(x)!.length)!;
    return [p.deps.get(t)![0]!, t];
  })();
  const broken = order.map((x) => (x === u ? v : x === v ? u : x));
  const valid = (got: string) => {
    const seq = items(got);
    if (seq.length !== p.tasks.length || new Set(seq).size !== seq.length || !seq.every((t) => p.deps.has(t))) return false;
    return seq.every((t, i) => p.deps.get(t)!.every((d) => seq.indexOf(d) < i));
  };
  return answerProbe(
    `Tasks and what each needs finished first:\n${describePlan(p)}\n\nGive an order to run all the tasks one at a time so that every task comes after what it needs. Names separated by commas.`,
    order.join(", "),
    broken.join(", "),
    (got) => valid(got),
  );
}

const STAGE_LINE = /^\s*STAGE\s+(\d+)\s*:\s*(.*)$/gim;

function parallelStages(rng: Rng) {
  const p = plan(rng, rng.int(7, 9));
  const stages = stagesOf(p);
  const render = (st: string[][]) => st.map((s, i) => `STAGE ${i + 1}: ${s.join(", ")}`).join("\n");
  const moved = stages.map((s) => [...s]);
  const last = moved.at(-2)!;
  moved.at(-1)!.push(last.pop()!);
  return {
    prompt: `Tasks and what each needs finished first:\n${describePlan(p)}\n\nWith unlimited workers, every task starts as soon as everything it needs is done. Group the tasks into stages: stage 1 holds the tasks that need nothing, stage k the tasks whose last requirement finishes in stage k-1. Reply with one line per stage, "STAGE k: task, task", and nothing else.`,
    reference: says(render(stages)),
    nearMiss: says(render(moved.filter((s) => s.length))),
    async grade(outcome) {
      const got = [...outcome.text.matchAll(STAGE_LINE)].map((m) => items(m[2]!).sort());
      if (!got.length) return fail("no STAGE lines in the reply");
      const want = stages.map((s) => s.join(","));
      const have = got.map((s) => s.join(","));
      return want.join("|") === have.join("|") ? pass() : fail(`stages ${clip(have.join(" | "))}, expected ${clip(want.join(" | "))}`);
    },
  } satisfies InstanceBody;
}

function criticalPath(rng: Rng) {
  for (;;) {
    const p = plan(rng, rng.int(6, 8));
    const dur = new Map(p.tasks.map((t) => [t, rng.int(1, 9)]));
    const finish = new Map<string, number>();
    const end = (t: string): number => finish.get(t) ?? (finish.set(t, Math.max(0, ...p.deps.get(t)!.map(end)) + dur.get(t)!), finish.get(t)!);
    const total = Math.max(...p.tasks.map(end));
    // Walk back along tight predecessors; skip plans where the critical path is not unique.
    const ends = p.tasks.filter((t) => end(t) === total);
    if (ends.length !== 1) continue;
    const path = [ends[0]!];
    let unique = true;
    for (;;) {
      const head = path[0]!;
      const tight = p.deps.get(head)!.filter((d) => end(d) === end(head) - dur.get(head)!);
      if (tight.length > 1) unique = false;
      if (!tight.length) break;
      path.unshift(tight[0]!);
    }
    if (!unique) continue;
    const answer = `${total}; ${path.join(" -> ")}`;
    const same = (got: string, want: string) => got.replace(/\s+/g, "").toLowerCase() === want.replace(/\s+/g, "").toLowerCase();
    return answerProbe(
      `Tasks with durations (hours) and what each needs finished first:\n${p.tasks.map((t) => `- ${t} (${dur.get(t)} h) needs ${p.deps.get(t)!.join(" and ") || "nothing"}`).join("\n")}\n\nWith unlimited workers, what is the shortest total time, and which chain of tasks (the critical path) sets it? Answer as "<hours>; first -> ... -> last".`,
      answer,
      `${total + 1}; ${path.join(" -> ")}`,
      same,
    );
  }
}

// ---------- analysis ----------

function traceFunction(rng: Rng) {
  const xs = Array.from({ length: rng.int(6, 9) }, () => rng.int(-9, 20));
  const [k, t] = [rng.int(2, 5), rng.int(0, 10)];
  let acc = 0;
  xs.forEach((x, i) => {
    if (i % 2 === 0 && x > t) acc += x * k;
    else if (x < 0) acc -= 1;
  });
  const code = `def f(xs):\n    acc = 0\n    for i, x in enumerate(xs):\n        if i % 2 == 0 and x > ${t}:\n            acc += x * ${k}\n        elif x < 0:\n            acc -= 1\n    return acc`;
  return answerProbe(`What does f(${JSON.stringify(xs)}) return?\n\n${code.split("\n").map((l) => `    ${l}`).join("\n")}`, String(acc), String(acc + 1), sameNumber);
}

const BUGGY = [
  {
    spec: "returns the average of a non-empty list of numbers",
    lines: (v: string) => ["def average(VALS):", "    total = 0", "    for i in range(1, len(VALS)):", "        total += VALS[i]", "    return total / len(VALS)"].map((l) => l.replaceAll("VALS", v)),
    bug: 3,
  },
  {
    spec: "returns the largest number of a non-empty list (numbers may be negative)",
    lines: (v: string) => ["def largest(VALS):", "    best = 0", "    for x in VALS:", "        if x > best:", "            best = x", "    return best"].map((l) => l.replaceAll("VALS", v)),
    bug: 2,
  },
  {
    spec: "returns True when the string reads the same backwards",
    lines: (v: string) => ["def is_palindrome(VALS):", "    n = len(VALS)", "    for i in range(n // 2):", "        if VALS[i] != VALS[n - i]:", "            return False", "    return True"].map((l) => l.replaceAll("VALS", v)),
    bug: 4,
  },
  {
    spec: "returns how many items of the list are strictly greater than the limit",
    lines: (v: string) => ["def count_above(VALS, limit):", "    count = 0", "    for x in VALS:", "        if x >= limit:", "            count += 1", "    return count"].map((l) => l.replaceAll("VALS", v)),
    bug: 4,
  },
];

function findBug(rng: Rng) {
  const fn = rng.pick(BUGGY);
  const notes = Array.from({ length: rng.int(0, 3) }, () => `# ${rng.pick(NAMES)} reviewed this`);
  const lines = [...notes, ...fn.lines(rng.pick(["xs", "items", "data", "values", "s"]))];
  return answerProbe(
    `This Python function should do this: it ${fn.spec}. One line is wrong.\n\n${lines.map((l, i) => `${String(i + 1).padStart(2)}| ${l}`).join("\n")}\n\nWhich line number holds the bug?`,
    String(fn.bug + notes.length),
    String(fn.bug + notes.length + 1),
    sameNumber,
  );
}

function rootCause(rng: Rng) {
  const field = rng.pick(["qty", "count", "units"]);
  const pad = rng.int(0, 4);
  const sample = `${rng.pick(["bolt", "nut", "gear", "pin", "cog"])},${rng.int(2, 99)}`;
  const comments = Array.from({ length: pad }, (_, i) => `# helper note ${i + 1}`);
  const util = [...comments, "def parse(lines):", "    rows = []", "    for line in lines:", "        name, value = line.split(',')", `        rows.append({'name': name, '${field}': int(value)})`, "    return [r for r in rows if r['" + field + "'] < 0]"];
  const bugLine = util.length;
  const calc = ["def mean(rows):", `    total = sum(r['${field}'] for r in rows)`, "    return total / len(rows)"];
  const main = ["from util import parse", "from calc import mean", "", "rows = parse(open('data.csv').read().splitlines())", "print(mean(rows))"];
  const show = (name: string, ls: string[]) => `${name}:\n${ls.map((l, i) => `${String(i + 1).padStart(2)}| ${l}`).join("\n")}`;
  return answerProbe(
    `Running main.py on a data.csv of lines like "${sample}" (all values positive) fails with:\n\n    ZeroDivisionError: division by zero  (calc.py, line 3, in mean)\n\nThe files:\n\n${show("util.py", util)}\n\n${show("calc.py", calc)}\n\n${show("main.py", main)}\n\nWhich file and line is the root cause? Answer as file.py:line.`,
    `util.py:${bugLine}`,
    "calc.py:3",
    (g, w) => g.replace(/\s/g, "").toLowerCase() === w,
  );
}

export const reasonFamilies: ProbeFamily[] = [
  {
    primitive: "reason.arithmetic",
    mode: "answer",
    levels: {
      L1: { description: "multiply a 4-digit by a 3-digit number", make: product },
      L2: { description: "discount then sales tax on a purchase, rounded to the cent", make: discountTax },
      L3: { description: "compound interest over years, exact to the cent", make: compound },
    },
  },
  {
    primitive: "reason.logic",
    mode: "answer",
    levels: {
      L1: { description: "who certainly belongs to a category, from chained and negative rules", make: syllogisms },
      L2: { description: "a five-seat arrangement from positional clues with one solution", make: seating },
      L3: { description: "the minimum total cost of a 4x4 assignment", make: assignment },
    },
  },
  {
    primitive: "reason.spatial",
    mode: "answer",
    levels: {
      L1: { description: "the end point of moves on a grid", make: gridMoves },
      L2: { description: "the area of a polygon from its vertices", make: polygonArea },
      L3: { description: "the shortest path length through a text maze", make: maze },
    },
  },
  {
    primitive: "reason.planning",
    mode: "answer",
    levels: {
      L1: { description: "a valid order for tasks with dependencies", make: topoOrder },
      L2: { description: "the parallel stages of a dependency graph", make: parallelStages },
      L3: { description: "the critical path and total time of a plan with durations", make: criticalPath },
    },
  },
  {
    primitive: "reason.analysis",
    mode: "answer",
    levels: {
      L1: { description: "trace a short Python function to its return value", make: traceFunction },
      L2: { description: "the line holding the bug of one function", make: findBug },
      L3: { description: "the root-cause file and line across three files from an error", make: rootCause },
    },
  },
];
