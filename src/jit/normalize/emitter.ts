import type { SyntaxNode as Node } from "./syntax-node.js";
import { HOLE_TOKEN, type BundledRef, type Hole, type NormalizeContext, type Normalized } from "./types.js";

/** Collects the normalized stream while a language walker visits the tree. */
export class Emitter {
  readonly tokens: string[] = [];
  readonly lines: number[] = [];
  readonly holes: Hole[] = [];
  readonly bundled: BundledRef[] = [];
  readonly apis: string[] = [];
  readonly imports: string[] = [];
  readonly control: string[] = [];
  readonly #locals = new Map<string, number>();
  /** Names the code binds itself; only these are renamed, so API names stay as written. */
  readonly bound: ReadonlySet<string>;

  constructor(bound: ReadonlySet<string>) {
    this.bound = bound;
  }

  sym(text: string, node: Node): void {
    this.tokens.push(text);
    this.lines.push(node.startPosition.row + 1);
  }

  /** A bound name becomes `⟨vN⟩` by order of first use, so renaming a local changes nothing. */
  name(text: string, node: Node): void {
    if (!this.bound.has(text)) return this.sym(text, node);
    let n = this.#locals.get(text);
    if (n === undefined) {
      n = this.#locals.size + 1;
      this.#locals.set(text, n);
    }
    this.sym(`⟨v${n}⟩`, node);
  }

  isLocal(text: string): boolean {
    return this.bound.has(text);
  }

  hole(hole: Omit<Hole, "line" | "start" | "end">, node: Node, prefix = ""): void {
    this.holeSpan(hole, node, node, prefix);
  }

  /** One hole over several nodes, `first` to `last` (the words of a list argument). */
  holeSpan(hole: Omit<Hole, "line" | "start" | "end">, first: Node, last: Node, prefix = ""): void {
    this.sym(`${prefix}${HOLE_TOKEN[hole.type]}`, first);
    this.holes.push({ ...hole, start: first.startIndex, end: last.endIndex, line: first.startPosition.row + 1 });
  }

  file(path: string, node: Node, range: { start: number; end: number } = { start: node.startIndex, end: node.endIndex }): void {
    this.sym(`⟨file:${path}⟩`, node);
    this.bundled.push({ path, ...range, line: node.startPosition.row + 1 });
  }

  result(clean: boolean): Normalized {
    return {
      tokens: this.tokens,
      lines: this.lines,
      holes: this.holes,
      bundled: this.bundled,
      apis: [...this.apis].sort(),
      imports: [...new Set(this.imports)].sort(),
      control: this.control,
      clean,
    };
  }
}

/** A language walker: what it writes to, and what it knows of the skill. */
export abstract class Walker {
  constructor(
    readonly out: Emitter,
    readonly ctx: NormalizeContext,
  ) {}
}

/** web-tree-sitter hands out a new wrapper per access: compare nodes by id, never by reference. */
export const sameNode = (a: Node | null | undefined, b: Node | null | undefined): boolean => !!a && !!b && a.id === b.id;

/** Named and anonymous children, skipping comments. */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child && child.type !== "comment") out.push(child);
  }
  return out;
}

const CLOSERS = new Set([")", "]", "}"]);

/** Whether `node` is a comma right before a closing bracket: a trailing comma, which means nothing. */
export function isTrailingComma(node: Node, siblings: readonly Node[], index: number): boolean {
  return node.type === "," && CLOSERS.has(siblings[index + 1]?.type ?? "");
}

/** A string that looks like a file or folder a user would point the code at. */
export const looksLikePath = (value: string): boolean =>
  value.length > 0 &&
  value.length < 4096 &&
  !/^\s|\s$|[\t\n\r]/.test(value) &&
  // `My Document.docx`: a few words may name a file; a sentence that ends in a dot does not.
  (!/ /.test(value) || (value.split(" ").length <= 4 && /\.[A-Za-z][A-Za-z0-9]{0,5}$/.test(value))) &&
  (/^(~|\.{1,2})?\//.test(value) || /\/|^[\w .-]*\.[A-Za-z0-9]{1,6}$/.test(value)) &&
  // `1.2.0`, `v1.3.0`: versions, which must not be merged with a path of the same spelling.
  !/^v?[\d.]+$/i.test(value);

/** What a path-like value is called when nothing else names it. */
export const pathHintName = (value: string): string => (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? "url" : "path");

/** Bundled-file mention: `scripts/x.py`, `./scripts/x.py`, `{baseDir}/...`, or under the served folder. */
export function bundledPath(text: string, bundled: ReadonlySet<string>, skillDir: string | undefined): string | undefined {
  let path = text;
  const prefixes = ["${SKVM_SKILL_DIR}/", "$SKVM_SKILL_DIR/", "{baseDir}/", "${HERMES_SKILL_DIR}/", "$HERMES_SKILL_DIR/", "./"];
  if (skillDir) prefixes.unshift(`${skillDir.replace(/\/+$/, "")}/`);
  for (const prefix of prefixes) {
    if (path.startsWith(prefix)) {
      path = path.slice(prefix.length);
      break;
    }
  }
  return bundled.has(path) ? path : undefined;
}
