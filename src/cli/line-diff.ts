/** One line of a diff: kept (` `), removed (`-`) or added (`+`). */
export interface DiffLine {
  op: " " | "-" | "+";
  text: string;
}

/**
 * Myers' O(ND) line diff: fast when the texts differ in few places, which is what a variant is
 * (a base with notes added and a few phrases changed).
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  const max = a.length + b.length;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Map<number, number>[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1));
      let x = down ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      v.set(k, x);
      if (x >= a.length && y >= b.length) return backtrack(trace, a, b, d);
    }
  }
  return [];
}

function backtrack(trace: readonly Map<number, number>[], a: readonly string[], b: readonly string[], depth: number): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = depth; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = v.get(prevK) ?? 0;
    const prevY = prevX - prevK;
    for (; x > prevX && y > prevY; y--) out.push({ op: " ", text: a[--x]! });
    if (down) out.push({ op: "+", text: b[--y]! });
    else out.push({ op: "-", text: a[--x]! });
  }
  for (; x > 0 && y > 0; y--) out.push({ op: " ", text: a[--x]! });
  return out.reverse();
}

/** `@@ -a,n +b,m @@` hunks with `context` unchanged lines around each change. */
export function unifiedDiff(a: readonly string[], b: readonly string[], labels: [string, string], context = 2): string {
  const lines = diffLines(a, b);
  const changed = lines.map((l) => l.op !== " ");
  const near = (i: number) => changed.slice(Math.max(0, i - context), i + context + 1).some(Boolean);
  const out = [`--- ${labels[0]}`, `+++ ${labels[1]}`];
  let ai = 1;
  let bi = 1;
  let hunk: string[] | undefined;
  let header = { a: 0, b: 0, na: 0, nb: 0 };
  const flush = () => {
    if (hunk) out.push(`@@ -${header.a},${header.na} +${header.b},${header.nb} @@`, ...hunk);
    hunk = undefined;
  };
  lines.forEach((line, i) => {
    if (near(i)) {
      if (!hunk) {
        hunk = [];
        header = { a: ai, b: bi, na: 0, nb: 0 };
      }
      hunk.push(`${line.op}${line.text}`);
      if (line.op !== "+") header.na++;
      if (line.op !== "-") header.nb++;
    } else flush();
    if (line.op !== "+") ai++;
    if (line.op !== "-") bi++;
  });
  flush();
  return out.length > 2 ? out.join("\n") : "";
}
