import type { SyntaxNode as Node } from "./syntax-node.js";
import { bundledPath, childrenOf, Emitter, Walker, isTrailingComma, looksLikePath, pathHintName } from "./emitter.js";
import { isPlumbingCall, isPlumbingKeyword } from "./plumbing.js";
import { pyCollection, pyScalar, pyString } from "./python-literals.js";
import type { NormalizeContext, Normalized } from "./types.js";

const CONTROL = new Set([
  "if_statement", "elif_clause", "else_clause", "for_statement", "while_statement", "try_statement", "except_clause",
  "finally_clause", "with_statement", "function_definition", "class_definition", "return_statement", "break_statement",
  "continue_statement", "raise_statement", "conditional_expression", "list_comprehension", "set_comprehension",
  "dictionary_comprehension", "generator_expression", "lambda", "yield", "match_statement",
]);

/** A hint passed down to a literal: it is a parameter named after its variable, keyword or role. */
type Hint = { name: string; source: string } | undefined;

/** Normalizes a Python module: see normalize/index.ts for what stays and what goes. */
export function normalizePython(root: Node, ctx: NormalizeContext): Normalized {
  const out = new Emitter(boundNames(root));
  new PythonWalker(out, ctx, reassignedNames(root)).module(root);
  return out.result(!root.hasError);
}

class PythonWalker extends Walker {
  constructor(
    out: Emitter,
    ctx: NormalizeContext,
    /** Names bound more than once: state of the algorithm (`low = 1` ... `low = high + 1`), not inputs. */
    readonly reassigned: ReadonlySet<string>,
  ) {
    super(out, ctx);
  }

  module(root: Node): void {
    const children = childrenOf(root);
    // Import order means nothing; each imported name becomes its own sorted entry.
    const imports = children.filter((c) => c.type === "import_statement" || c.type === "import_from_statement");
    for (const entry of imports.flatMap((n) => importEntries(n)).sort()) {
      this.out.sym(entry, root);
      this.out.imports.push(entry);
    }
    for (const child of children) if (!imports.includes(child)) this.visit(child);
  }

  visit(node: Node, hint?: Hint): void {
    if (CONTROL.has(node.type)) this.out.control.push(node.type);
    switch (node.type) {
      case "comment":
        return;
      case "expression_statement":
        return this.statement(node);
      case "import_statement":
      case "import_from_statement":
        // Imports inside functions: kept in place, still recorded for the guard.
        for (const entry of importEntries(node)) {
          this.out.sym(entry, node);
          this.out.imports.push(entry);
        }
        return;
      case "identifier":
        return this.out.name(node.text, node);
      case "parenthesized_expression":
        return this.parenthesized(node, hint);
      case "attribute":
        return this.attribute(node);
      case "call":
        return this.call(node);
      case "argument_list":
        return this.argumentList(node);
      case "keyword_argument":
        return this.keywordArgument(node);
      case "string":
        if (this.literal(node, hint)) return;
        return this.fString(node);
      case "concatenated_string":
        return this.sequence(node);
      case "block":
        // Indentation is meaning in Python: mark where each block starts and ends.
        this.out.sym("⟨block⟩", node);
        this.sequence(node);
        return this.out.sym("⟨/block⟩", node);
    }
    if (this.literal(node, hint)) return;
    if (node.childCount === 0) return this.out.sym(node.text, node);
    this.sequence(node);
  }

  sequence(node: Node): void {
    const kids = childrenOf(node);
    kids.forEach((child, i) => {
      if (!isTrailingComma(child, kids, i)) this.visit(child);
    });
  }

  statement(node: Node): void {
    const kids = childrenOf(node);
    // A bare string statement is a docstring or a comment in disguise.
    if (kids.length === 1 && kids[0]!.type === "string") return;
    const first = kids[0];
    if (first?.type === "assignment" && node.parent?.type === "module") return this.topLevelAssignment(first);
    this.sequence(node);
  }

  /** `path = "notes.txt"` at module level: the value is a parameter named after the variable. */
  topLevelAssignment(node: Node): void {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const type = node.childForFieldName("type");
    if (!left || !right) return this.sequence(node);
    const target = targetName(left);
    if (!target || (left.type === "identifier" && this.reassigned.has(target))) return this.sequence(node);
    this.visit(left);
    if (type) {
      this.out.sym(":", node);
      this.visit(type);
    }
    this.out.sym("=", node);
    this.visit(right, { name: target, source: left.type === "identifier" ? `variable ${target}` : `${left.type === "subscript" ? "key" : "attribute"} ${target}` });
  }

  parenthesized(node: Node, hint: Hint): void {
    const inner = node.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
    if (inner.length === 1) return this.visit(inner[0]!, hint);
    this.sequence(node);
  }

  attribute(node: Node): void {
    const object = node.childForFieldName("object");
    const attr = node.childForFieldName("attribute");
    if (object) this.visit(object);
    this.out.sym(".", node);
    if (attr) this.out.sym(attr.text, attr);
  }

  call(node: Node): void {
    const fn = node.childForFieldName("function");
    const api = fn ? apiName(fn, this.out) : undefined;
    if (api) this.out.apis.push(api);
    this.sequence(node);
  }

  /** Positional arguments in order; keyword arguments sorted by name (their order means nothing). */
  argumentList(node: Node): void {
    const args = node.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
    const positional = args.filter((a) => a.type !== "keyword_argument");
    const keywords = args.filter((a) => a.type === "keyword_argument").sort((a, b) => keywordName(a).localeCompare(keywordName(b)));
    this.out.sym("(", node);
    const callee = calleeName(node.parent);
    [...positional, ...keywords].forEach((arg, i) => {
      if (i > 0) this.out.sym(",", arg);
      this.visit(arg, positional.includes(arg) ? positionalHint(arg, callee) : undefined);
    });
    this.out.sym(")", node);
  }

  keywordArgument(node: Node): void {
    const name = keywordName(node);
    const value = node.childForFieldName("value");
    this.out.sym(`${name}=`, node);
    if (!value) return;
    this.visit(value, isPlumbingKeyword(name, calleeName(node.parent?.parent ?? null)) ? undefined : { name, source: `keyword ${name}` });
  }

  /** A literal becomes a hole: a parameter when a hint names it, else a constant. True when it was one. */
  literal(node: Node, hint: Hint): boolean {
    if (node.type === "string") {
      const file = pyString(node);
      const bundled = file && typeof file.value === "string" ? bundledPath(file.value, this.ctx.bundled, this.ctx.skillDir) : undefined;
      if (bundled) {
        this.out.file(bundled, node);
        return true;
      }
    }
    // A list of files (`for f in ["a.pdf", "b.pdf"]`) is what the user points the code at.
    hint ??= pathListHint(node);
    const collection = hint ? pyCollection(node) : undefined;
    if (collection) {
      const { wrap, ...literal } = collection;
      this.out.hole({ ...literal, role: "param", hint, ...(wrap ? { wrap } : {}) }, node, wrap ?? "list");
      return true;
    }
    const scalar = pyScalar(node);
    if (!scalar) return false;
    this.out.hole({ ...scalar, role: hint ? "param" : "const", ...(hint ? { hint } : {}) }, node);
    return true;
  }

  /** f-strings stay structural: their text is compared as written, their expressions normalized. */
  fString(node: Node): void {
    for (const part of childrenOf(node)) {
      if (part.type === "interpolation") {
        for (const piece of childrenOf(part)) {
          if (piece.type === "type_conversion" || piece.type === "format_specifier" || !piece.isNamed) this.out.sym(piece.text, piece);
          else this.visit(piece);
        }
      } else if (part.type === "string_start") {
        this.out.sym(part.text.replace(/'/g, '"').toLowerCase(), part);
      } else if (part.type === "string_end") {
        this.out.sym('"', part);
      } else {
        this.out.sym(part.text, part);
      }
    }
  }
}

const keywordName = (node: Node): string => node.childForFieldName("name")?.text ?? "";

/** `path`, `sheet["A1"]`, `cfg.limit`: what an assigned value is named after, if anything. */
function targetName(left: Node): string | undefined {
  if (left.type === "identifier") return left.text;
  if (left.type === "attribute") return left.childForFieldName("attribute")?.text;
  if (left.type !== "subscript") return undefined;
  const keys = left.childrenForFieldName("subscript").filter((c): c is Node => c !== null);
  const key = keys.length === 1 ? pyString(keys[0]!) : undefined;
  return typeof key?.value === "string" && /[A-Za-z0-9]/.test(key.value) ? key.value : undefined;
}

/** `rotate` for `page.rotate(90)`, `open` for `open(...)`. */
function calleeName(call: Node | null): string | undefined {
  const fn = call?.type === "call" ? call.childForFieldName("function") : undefined;
  if (fn?.type === "identifier") return fn.text;
  if (fn?.type === "attribute") return fn.childForFieldName("attribute")?.text;
  return undefined;
}

/**
 * A positional argument a user would change: a path (`open("notes.txt")`) or a number
 * (`page.rotate(90)`, `sheet.insert_rows(2)`), named after the call. Other strings stay
 * constants: a format, a regex or a mode must agree.
 */
function positionalHint(arg: Node, callee: string | undefined): Hint {
  const text = pyString(arg);
  if (text && typeof text.value === "string" && looksLikePath(text.value)) return { name: pathHintName(text.value), source: "path argument" };
  const number = text ? undefined : pyScalar(arg);
  // Inside a function a number is part of the algorithm (`max(1, n)`), not a value to pass in.
  if (callee && !isPlumbingCall(callee) && (number?.type === "integer" || number?.type === "number") && !insideFunction(arg)) return { name: callee, source: `argument of ${callee}()` };
  return undefined;
}

function insideFunction(node: Node): boolean {
  for (let at = node.parent; at; at = at.parent) if (at.type === "function_definition" || at.type === "lambda") return true;
  return false;
}

function pathListHint(node: Node): Hint {
  const list = pyCollection(node);
  if (!list || !Array.isArray(list.value) || list.value.length === 0) return undefined;
  return list.value.every((v) => typeof v === "string" && looksLikePath(v)) ? { name: "paths", source: "list of paths" } : undefined;
}

/** `re.findall`, `json.load`, `print`, `.read` (a method of a local): the names a call reaches. */
function apiName(fn: Node, out: Emitter): string | undefined {
  if (fn.type === "identifier") return out.isLocal(fn.text) ? undefined : fn.text;
  if (fn.type !== "attribute") return undefined;
  const object = fn.childForFieldName("object");
  const attr = fn.childForFieldName("attribute")?.text ?? "";
  if (object?.type === "identifier" && !out.isLocal(object.text)) return `${object.text}.${attr}`;
  return `.${attr}`;
}

/** `import a, b as c` -> ["import a", "import b as ⟨alias⟩"]; `from x import y` -> ["from x import y"]. */
function importEntries(node: Node): string[] {
  if (node.type === "import_statement") {
    return node.namedChildren.filter((c): c is Node => c !== null).map((c) => `import ${importedName(c)}`);
  }
  const module = node.childForFieldName("module_name")?.text ?? "";
  const names = node.childrenForFieldName("name").filter((c): c is Node => c !== null);
  if (names.length === 0) return [`from ${module} import *`];
  return names.map((c) => `from ${module} import ${importedName(c)}`);
}

const importedName = (node: Node): string =>
  node.type === "aliased_import" ? `${node.childForFieldName("name")?.text ?? ""} as _` : node.text;

/** Names assigned more than once, or updated in place (`n += 1`), anywhere in the module. */
function reassignedNames(root: Node): Set<string> {
  const seen = new Set<string>();
  const again = new Set<string>();
  const walk = (node: Node): void => {
    const left = node.type === "assignment" || node.type === "augmented_assignment" ? node.childForFieldName("left") : null;
    if (left?.type === "identifier") {
      if (seen.has(left.text) || node.type === "augmented_assignment") again.add(left.text);
      seen.add(left.text);
    }
    for (const child of node.namedChildren) walk(child);
  };
  walk(root);
  return again;
}

/** Names the code binds: assignment targets, loop variables, parameters, `as` aliases, definitions. */
function boundNames(root: Node): Set<string> {
  const names = new Set<string>();
  const addTargets = (node: Node | null): void => {
    if (!node) return;
    if (node.type === "identifier") names.add(node.text);
    else if (["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "as_pattern_target", "list_splat_pattern", "parenthesized_expression"].includes(node.type)) {
      for (const child of node.namedChildren) addTargets(child);
    }
  };
  const walk = (node: Node): void => {
    switch (node.type) {
      case "assignment":
      case "augmented_assignment":
        addTargets(node.childForFieldName("left"));
        break;
      case "for_statement":
      case "for_in_clause":
        addTargets(node.childForFieldName("left"));
        break;
      case "as_pattern_target":
        addTargets(node);
        break;
      case "named_expression":
        addTargets(node.childForFieldName("name"));
        break;
      case "function_definition":
      case "class_definition":
        addTargets(node.childForFieldName("name"));
        break;
      case "parameters":
      case "lambda_parameters":
        for (const p of node.namedChildren) {
          if (!p) continue;
          if (p.type === "identifier") names.add(p.text);
          else addTargets(p.childForFieldName("name") ?? p.namedChildren.find((c) => c?.type === "identifier") ?? null);
        }
        break;
      case "aliased_import":
        addTargets(node.childForFieldName("alias"));
        break;
      case "except_clause":
        for (const c of node.namedChildren) if (c?.type === "as_pattern") addTargets(c.childForFieldName("alias"));
        break;
    }
    for (const child of node.namedChildren) if (child) walk(child);
  };
  walk(root);
  return names;
}
