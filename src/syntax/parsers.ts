import { createRequire } from "node:module";
import path from "node:path";
import type { Node, Parser } from "web-tree-sitter";

/** One parser per grammar the env pass reads; created once, reused for every skill. */
export interface Parsers {
  python: Parser;
  bash: Parser;
  javascript: Parser;
}
export type Grammar = keyof Parsers;

const PACKAGES: Readonly<Record<Grammar, string>> = {
  python: "tree-sitter-python",
  bash: "tree-sitter-bash",
  javascript: "tree-sitter-javascript",
};

let loading: Promise<Parsers> | undefined;

/**
 * Initializes web-tree-sitter and loads the three grammars. The promise is memoized because the
 * WASM runtime should start once per process; a failed load is forgotten so a later call retries.
 */
export function loadParsers(): Promise<Parsers> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function load(): Promise<Parsers> {
  // web-tree-sitter itself loads here: a server whose artifacts are fresh never needs it.
  const { Language, Parser } = await import("web-tree-sitter");
  await Parser.init();
  const require = createRequire(import.meta.url);
  const make = async (grammar: Grammar): Promise<Parser> => {
    const pkg = PACKAGES[grammar];
    const wasm = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), `${pkg}.wasm`);
    return new Parser().setLanguage(await Language.load(wasm));
  };
  const [python, bash, javascript] = await Promise.all([make("python"), make("bash"), make("javascript")]);
  return { python, bash, javascript };
}

/** What a parse gave: the caller's result, and whether the text had syntax errors. */
export interface Parsed<T> {
  value: T;
  clean: boolean;
  /** 0-based row of the first syntax error, when there is one. */
  errorRow?: number;
}

/** Parses `text` and hands the root to `read`; the tree lives in WASM memory and is freed after. */
export function withTree<T>(parser: Parser, text: string, read: (root: Node) => T): Parsed<T> | undefined {
  const tree = parser.parse(text);
  if (tree === null) return undefined;
  try {
    const root = tree.rootNode;
    const value = read(root);
    if (!root.hasError) return { value, clean: true };
    const errorRow = firstError(root)?.startPosition.row;
    return errorRow === undefined ? { value, clean: false } : { value, clean: false, errorRow };
  } finally {
    tree.delete();
  }
}

function firstError(node: Node): Node | undefined {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (child?.hasError || child?.isMissing) return firstError(child);
  }
  return undefined;
}
