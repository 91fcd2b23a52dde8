import type { Node } from "web-tree-sitter";
import { commandFindings } from "./command-line.js";
import { envRead } from "./env-reads.js";
import { type Finding, nodeFinding } from "./finding.js";
import { packageOfSpecifier } from "./npm-package.js";
import type { ScanCtx } from "./scan-context.js";

/** child_process functions given a command line (exec*) or a program and its argv (spawn*, execFile*). */
const SHELL_RUNNERS: ReadonlySet<string> = new Set(["exec", "execSync"]);
const ARGV_RUNNERS: ReadonlySet<string> = new Set(["spawn", "spawnSync", "execFile", "execFileSync"]);
const CHILD_PROCESS = /^(node:)?child_process$/;

/** How this file can reach child_process: `cp.exec` (namespaces) or a bare `execSync` (functions). */
interface Bindings {
  namespaces: Set<string>;
  /** Local name -> child_process export. */
  functions: Map<string, string>;
}

/**
 * Requirements of JavaScript (and, leniently, TypeScript) code: npm packages named by `import ...
 * from`, `export ... from`, `import()` and `require()`, and programs started through
 * child_process with literal arguments.
 */
export function scanJavaScript(root: Node, ctx: ScanCtx): Finding[] {
  const found: Finding[] = [];
  const calls: Node[] = [];
  const bindings: Bindings = { namespaces: new Set(), functions: new Map() };
  const specifier = (spec: string, node: Node): void => {
    if (CHILD_PROCESS.test(spec)) bind(node, bindings);
    const pkg = packageOfSpecifier(spec);
    if (pkg !== undefined) found.push(nodeFinding(pkg, node.startPosition.row));
  };
  for (const node of root.descendantsOfType(["import_statement", "export_statement", "call_expression"])) {
    if (node === null) continue;
    if (node.type !== "call_expression") {
      const source = node.childForFieldName("source");
      const spec = source === null ? null : stringValue(source);
      if (spec !== null) specifier(spec, node);
      continue;
    }
    const fn = node.childForFieldName("function");
    const first = firstArgument(node);
    if ((fn?.type === "import" || (fn?.type === "identifier" && fn.text === "require")) && first !== undefined) {
      const spec = stringValue(first);
      if (spec !== null) specifier(spec, node);
    } else calls.push(node);
  }
  for (const call of calls) found.push(...runnerFindings(call, bindings, ctx));
  for (const node of root.descendantsOfType(["member_expression", "subscript_expression"])) if (node !== null) found.push(...envFindings(node));
  return found;
}

/** `process.env.X` and `process.env["X"]`: variables the code reads. */
function envFindings(node: Node): Finding[] {
  if (node.childForFieldName("object")?.text !== "process.env") return [];
  const key = node.type === "member_expression" ? node.childForFieldName("property")?.text : stringOrNull(node.childForFieldName("index"));
  return key === undefined || key === null ? [] : envRead(key, node.startPosition.row);
}

const stringOrNull = (node: Node | null): string | null => (node === null ? null : stringValue(node));

/** Records the names an import or `require("child_process")` binds. */
function bind(node: Node, b: Bindings): void {
  if (node.type === "import_statement") {
    for (const part of node.descendantsOfType(["import_clause", "namespace_import", "import_specifier"])) {
      if (part?.type === "import_specifier") {
        const name = part.childForFieldName("name")?.text;
        if (name !== undefined) b.functions.set(part.childForFieldName("alias")?.text ?? name, name);
      } else {
        const id = part?.namedChildren.find((c) => c?.type === "identifier");
        if (id) b.namespaces.add(id.text);
      }
    }
    return;
  }
  // `const cp = require(...)`, `const { execSync, spawn: run } = require(...)`.
  const target = node.parent?.type === "variable_declarator" ? node.parent.childForFieldName("name") : null;
  if (target?.type === "identifier") b.namespaces.add(target.text);
  for (const p of target?.descendantsOfType(["shorthand_property_identifier_pattern", "pair_pattern"]) ?? []) {
    if (p?.type === "shorthand_property_identifier_pattern") b.functions.set(p.text, p.text);
    const key = p?.childForFieldName("key")?.text;
    const value = p?.childForFieldName("value")?.text;
    if (key !== undefined && value !== undefined) b.functions.set(value, key);
  }
}

const firstArgument = (call: Node): Node | undefined => call.childForFieldName("arguments")?.namedChildren.find((a) => a !== null) ?? undefined;

/** A string or a template literal without substitutions. */
function stringValue(node: Node): string | null {
  if (node.type === "string") return node.text.slice(1, -1);
  if (node.type === "template_string" && !node.namedChildren.some((c) => c?.type === "template_substitution")) return node.text.slice(1, -1);
  return null;
}

/** The child_process function a call invokes, if it invokes one (`execSync`, `cp.spawn`). */
function runnerName(fn: Node | null, b: Bindings): string | undefined {
  if (fn?.type === "identifier") return b.functions.get(fn.text);
  if (fn?.type !== "member_expression") return undefined;
  const object = fn.childForFieldName("object");
  return object?.type === "identifier" && b.namespaces.has(object.text) ? fn.childForFieldName("property")?.text : undefined;
}

function runnerFindings(call: Node, b: Bindings, ctx: ScanCtx): Finding[] {
  const name = runnerName(call.childForFieldName("function"), b);
  if (name === undefined) return [];
  const args = call.childForFieldName("arguments")?.namedChildren.filter((a): a is Node => a !== null) ?? [];
  const program = args[0] === undefined ? null : stringValue(args[0]);
  if (program === null) return [];
  const row = call.startPosition.row;
  if (SHELL_RUNNERS.has(name)) return ctx.embedded("bash", program, row);
  if (!ARGV_RUNNERS.has(name)) return [];
  const rest = args[1]?.type === "array" ? args[1].namedChildren.map((a) => (a === null ? null : stringValue(a))) : [];
  return commandFindings([program, ...rest], row, ctx);
}
