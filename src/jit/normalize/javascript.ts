import type { SyntaxNode as Node } from "./syntax-node.js";
import type { ParamType, ParamValue } from "../schema.js";
import { bundledPath, childrenOf, Emitter, Walker, isTrailingComma, looksLikePath, pathHintName } from "./emitter.js";
import { isPlumbingCall, isPlumbingKeyword } from "./plumbing.js";
import type { NormalizeContext, Normalized } from "./types.js";

const CONTROL = new Set([
  "if_statement", "else_clause", "for_statement", "for_in_statement", "while_statement", "do_statement", "try_statement",
  "catch_clause", "finally_clause", "switch_statement", "return_statement", "throw_statement", "break_statement",
  "continue_statement", "function_declaration", "function_expression", "arrow_function", "ternary_expression",
  "class_declaration", "await_expression", "yield_expression",
]);

type Hint = { name: string; source: string } | undefined;
type Literal = { type: ParamType; value: ParamValue; canonical: string };

/** Normalizes JavaScript (and TypeScript that parses as JavaScript). */
export function normalizeJavascript(root: Node, ctx: NormalizeContext): Normalized {
  const out = new Emitter(boundNames(root));
  new JsWalker(out, ctx, reassignedNames(root)).visit(root);
  return out.result(!root.hasError);
}

class JsWalker extends Walker {
  constructor(
    out: Emitter,
    ctx: NormalizeContext,
    /** Variables assigned after their declaration: state of the algorithm, not inputs. */
    readonly reassigned: ReadonlySet<string>,
  ) {
    super(out, ctx);
  }

  visit(node: Node, hint?: Hint): void {
    if (CONTROL.has(node.type)) this.out.control.push(node.type);
    switch (node.type) {
      case "comment":
      case ";":
        return;
      case "identifier":
        return this.out.name(node.text, node);
      case "import_statement":
        this.out.imports.push(`import ${stringValue(node.childForFieldName("source")) ?? ""}`);
        break;
      case "call_expression":
        this.call(node);
        break;
      case "variable_declarator":
        return this.declarator(node);
      case "pair":
        return this.pair(node);
      case "program":
        return this.program(node);
      case "parenthesized_expression": {
        const inner = node.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
        if (inner.length === 1 && node.parent?.type !== "arrow_function") return this.visit(inner[0]!, hint);
        break;
      }
    }
    if (this.literal(node, hint)) return;
    if (node.childCount === 0) return this.out.sym(node.text, node);
    const kids = childrenOf(node);
    kids.forEach((child, i) => {
      if (!isTrailingComma(child, kids, i)) this.visit(child, node.type === "arguments" ? argumentHint(child, calleeName(node.parent)) : undefined);
    });
  }

  /** Import order means nothing: top-level imports are visited sorted by module, then as written. */
  program(node: Node): void {
    const kids = childrenOf(node);
    const imports = kids.filter((c) => c.type === "import_statement");
    const key = (n: Node) => `${stringValue(n.childForFieldName("source")) ?? ""}\u0000${n.text}`;
    for (const child of [...imports].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))) this.visit(child);
    for (const child of kids) if (child.type !== "import_statement") this.visit(child);
  }

  call(node: Node): void {
    const fn = node.childForFieldName("function");
    if (fn?.type === "identifier" && fn.text === "require") {
      const arg = node.childForFieldName("arguments")?.namedChildren[0];
      this.out.imports.push(`require ${arg ? stringValue(arg) ?? "" : ""}`);
    }
    if (fn?.type === "identifier" && !this.out.isLocal(fn.text)) this.out.apis.push(fn.text);
    if (fn?.type === "member_expression") {
      const object = fn.childForFieldName("object");
      const prop = fn.childForFieldName("property")?.text ?? "";
      this.out.apis.push(object?.type === "identifier" && !this.out.isLocal(object.text) ? `${object.text}.${prop}` : `.${prop}`);
    }
  }

  /** `const input = "data.json"` at the top: a parameter named after the constant. */
  declarator(node: Node): void {
    const name = node.childForFieldName("name");
    const value = node.childForFieldName("value");
    const topLevel = node.parent?.parent?.type === "program";
    if (name) this.visit(name);
    if (!value) return;
    this.out.sym("=", node);
    const input = topLevel && name?.type === "identifier" && !this.reassigned.has(name.text);
    this.visit(value, input ? { name: name.text, source: `const ${name.text}` } : undefined);
  }

  /** `{ indent: 2 }`: the value is a parameter named after the key. */
  pair(node: Node): void {
    const key = node.childForFieldName("key");
    const value = node.childForFieldName("value");
    const keyText = key ? (stringValue(key) ?? key.text) : "";
    this.out.sym(`${keyText}:`, node);
    // `{ encoding: "utf8" }` given to a call: an option of the API, not a value of the task.
    const plumbing = isPlumbingKeyword(keyText, calleeName(node.parent?.parent?.parent ?? null));
    if (value) this.visit(value, /^[A-Za-z_$][\w$]*$/.test(keyText) && !plumbing ? { name: keyText, source: `key ${keyText}` } : undefined);
  }

  literal(node: Node, hint: Hint): boolean {
    const text = stringValue(node);
    const file = text === undefined ? undefined : bundledPath(text, this.ctx.bundled, this.ctx.skillDir);
    if (file) {
      this.out.file(file, node);
      return true;
    }
    const literal = (hint && node.type === "array" ? arrayLiteral(node) : undefined) ?? scalar(node);
    if (!literal) return false;
    this.out.hole({ ...literal, role: hint ? "param" : "const", ...(hint ? { hint } : {}) }, node);
    return true;
  }
}

/** A path argument, or a number given to a call (`rotate(90)`), is a value a user changes. */
const argumentHint = (node: Node, callee: string | undefined): Hint => {
  const value = stringValue(node);
  if (value !== undefined) return looksLikePath(value) ? { name: pathHintName(value), source: "path argument" } : undefined;
  const literal = scalar(node);
  if (callee && !isPlumbingCall(callee) && (literal?.type === "integer" || literal?.type === "number")) return { name: callee, source: `argument of ${callee}()` };
  return undefined;
};

/** `stringify` for `JSON.stringify(...)`, `setTimeout` for `setTimeout(...)`. */
function calleeName(call: Node | null): string | undefined {
  const fn = call?.type === "call_expression" || call?.type === "new_expression" ? (call.childForFieldName("function") ?? call.childForFieldName("constructor")) : undefined;
  if (fn?.type === "identifier") return fn.text;
  if (fn?.type === "member_expression") return fn.childForFieldName("property")?.text;
  return undefined;
}

/**
 * A string or substitution-free template literal, decoded exactly as JavaScript would; undefined
 * when it is something else or has an escape this does not decode (it then stays a constant).
 */
function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "template_string") {
    const body = node.text.slice(1, -1);
    return node.namedChildren.some((c) => c.type === "template_substitution") || body.includes("\\") ? undefined : body;
  }
  if (node.type !== "string") return undefined;
  let out = "";
  for (const part of node.namedChildren) {
    if (part.type === "string_fragment") out += part.text;
    else if (part.type === "escape_sequence") {
      const decoded = decodeJsEscape(part.text);
      if (decoded === undefined) return undefined;
      out += decoded;
    } else return undefined;
  }
  return out;
}

const JS_ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0" };

function decodeJsEscape(escape: string): string | undefined {
  const body = escape.slice(1);
  if (/^x[0-9a-fA-F]{2}$/.test(body) || /^u[0-9a-fA-F]{4}$/.test(body)) return String.fromCharCode(parseInt(body.slice(1), 16));
  if (/^u\{[0-9a-fA-F]{1,6}\}$/.test(body)) return String.fromCodePoint(parseInt(body.slice(2, -1), 16));
  if (body.length !== 1 || /[1-9xu]/.test(body)) return body === "\n" || body === "\r\n" ? "" : undefined;
  return JS_ESCAPES[body] ?? body;
}

function scalar(node: Node): Literal | undefined {
  const text = stringValue(node);
  if (text !== undefined) return { type: "string", value: text, canonical: JSON.stringify(text) };
  if (node.type === "true" || node.type === "false") return { type: "boolean", value: node.type === "true", canonical: node.type };
  const negative = node.type === "unary_expression" && node.child(0)?.type === "-";
  const num = negative ? node.child(1) : node;
  if (num?.type !== "number") return undefined;
  const parsed = Number(num.text.replace(/_/g, ""));
  if (!Number.isFinite(parsed)) return undefined;
  const value = negative ? -parsed : parsed;
  // Every JavaScript number is a double: 5 and 5.0 are the same value, so one type fits both.
  return { type: "number", value, canonical: String(value) };
}

function arrayLiteral(node: Node): Literal | undefined {
  const values: (string | number | boolean)[] = [];
  for (const item of node.namedChildren) {
    if (!item || item.type === "comment") continue;
    const s = scalar(item);
    if (!s || Array.isArray(s.value)) return undefined;
    values.push(s.value);
  }
  return { type: "array", value: values, canonical: JSON.stringify(values) };
}

/** Names assigned or updated (`x = ...`, `x += 1`, `x++`) after they were declared. */
function reassignedNames(root: Node): Set<string> {
  const names = new Set<string>();
  const walk = (node: Node): void => {
    const target = node.type === "update_expression" ? node.childForFieldName("argument") : ["assignment_expression", "augmented_assignment_expression"].includes(node.type) ? node.childForFieldName("left") : null;
    if (target?.type === "identifier") names.add(target.text);
    for (const child of node.namedChildren) if (child) walk(child);
  };
  walk(root);
  return names;
}

function boundNames(root: Node): Set<string> {
  const names = new Set<string>();
  const addPattern = (node: Node | null): void => {
    if (!node) return;
    if (node.type === "identifier" || node.type === "shorthand_property_identifier_pattern") names.add(node.text);
    else if (node.type === "pair_pattern") addPattern(node.childForFieldName("value"));
    else for (const child of node.namedChildren) addPattern(child);
  };
  const walk = (node: Node): void => {
    switch (node.type) {
      case "variable_declarator":
        addPattern(node.childForFieldName("name"));
        break;
      case "function_declaration":
      case "class_declaration":
        addPattern(node.childForFieldName("name"));
        break;
      case "formal_parameters":
        for (const p of node.namedChildren) addPattern(p);
        break;
      case "arrow_function":
        if (node.childForFieldName("parameter")) addPattern(node.childForFieldName("parameter"));
        break;
      case "for_in_statement":
        addPattern(node.childForFieldName("left"));
        break;
      case "catch_clause":
        addPattern(node.childForFieldName("parameter"));
        break;
      case "import_clause":
        for (const c of node.namedChildren) {
          if (c?.type === "identifier") names.add(c.text);
          else if (c?.type === "namespace_import") addPattern(c.namedChildren.find((x) => x?.type === "identifier") ?? null);
          else if (c?.type === "named_imports") {
            for (const spec of c.namedChildren) {
              const alias = spec?.childForFieldName("alias");
              if (alias) names.add(alias.text);
            }
          }
        }
        break;
    }
    for (const child of node.namedChildren) if (child) walk(child);
  };
  walk(root);
  return names;
}
