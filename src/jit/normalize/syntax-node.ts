import type { Tree } from "web-tree-sitter";

/**
 * A plain-JS copy of a tree-sitter tree with the part of the Node API the walkers use. Each
 * access on a web-tree-sitter Node crosses into WASM and allocates a wrapper; copying the tree
 * once with a cursor and walking plain objects makes normalization several times faster.
 */
export class SyntaxNode {
  readonly children: SyntaxNode[] = [];
  /** Set on the root: the parse had syntax errors somewhere. */
  hasError = false;
  #named: SyntaxNode[] | undefined;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly startPosition: { row: number },
    readonly field: string | null,
    readonly parent: SyntaxNode | null,
    readonly id: number,
    readonly source: string,
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): SyntaxNode[] {
    this.#named ??= this.children.filter((c) => c.isNamed);
    return this.#named;
  }

  get childCount(): number {
    return this.children.length;
  }

  child(index: number): SyntaxNode | null {
    return this.children[index] ?? null;
  }

  childForFieldName(field: string): SyntaxNode | null {
    return this.children.find((c) => c.field === field) ?? null;
  }

  childrenForFieldName(field: string): SyntaxNode[] {
    return this.children.filter((c) => c.field === field);
  }
}

/** Copies `tree` (parsed from `source`) into SyntaxNodes with one cursor walk. */
export function copyTree(tree: Tree, source: string): SyntaxNode {
  // Numeric ids and a line table: the cheapest cursor reads (names and positions allocate).
  const { types, fields } = tree.language;
  const lineStarts = [0];
  for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  let line = 0;
  const rowOf = (index: number): number => {
    // Nodes come in source order, so the row only moves forward, except for a parent's siblings.
    while (line > 0 && lineStarts[line]! > index) line--;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= index) line++;
    return line;
  };
  const cursor = tree.walk();
  let id = 0;
  const build = (parent: SyntaxNode | null): SyntaxNode => {
    const start = cursor.startIndex;
    const type = types[cursor.nodeTypeId] ?? cursor.nodeType;
    const named = cursor.nodeIsNamed;
    // The walkers look fields up only for named children: skip the read for punctuation.
    const field = named ? (fields[cursor.currentFieldId] ?? null) : null;
    const node = new SyntaxNode(type, named, start, cursor.endIndex, { row: rowOf(start) }, field, parent, id++, source);
    if (cursor.gotoFirstChild()) {
      do node.children.push(build(node));
      while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    return node;
  };
  try {
    const root = build(null);
    root.hasError = tree.rootNode.hasError;
    return root;
  } finally {
    cursor.delete();
  }
}
