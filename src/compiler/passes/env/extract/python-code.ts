import type { Node } from "web-tree-sitter";
import { commandFindings } from "./command-line.js";
import { envRead } from "./env-reads.js";
import { type Finding, asOptional } from "./finding.js";
import { moduleRequirement } from "./python-module.js";
import type { ScanCtx } from "./scan-context.js";

/** Calls that run a program: argv list (or a command line) as the first argument. */
const RUNNERS: Readonly<Record<string, ReadonlySet<string>>> = {
  subprocess: new Set(["run", "call", "check_call", "check_output", "Popen", "getoutput", "getstatusoutput"]),
  os: new Set(["system", "popen", "execvp", "execlp"]),
  shutil: new Set(["which"]),
};

interface Walk {
  ctx: ScanCtx;
  found: Finding[];
  calls: { node: Node; optional: boolean }[];
  /** Names bound by `from subprocess import run` and the like: bare `run([...])` calls. */
  imported: Map<string, string>;
}

/**
 * Requirements of Python code: third-party imports (mapped to pip distributions) and the programs
 * it starts through subprocess / os.system / shutil.which. Imports guarded by `try/except
 * ImportError` are optional; imports under `if TYPE_CHECKING:` never run and are skipped.
 */
export function scanPython(root: Node, ctx: ScanCtx): Finding[] {
  const walk: Walk = { ctx, found: [], calls: [], imported: new Map() };
  visit(root, false, walk);
  for (const call of walk.calls) walk.found.push(...runnerFindings(call.node, call.optional, walk));
  return walk.found;
}

function visit(node: Node, optional: boolean, walk: Walk): void {
  switch (node.type) {
    case "import_statement":
      for (const name of node.childrenForFieldName("name")) importFound(moduleOf(name), node, optional, walk);
      return;
    case "import_from_statement":
      fromImport(node, optional, walk);
      return;
    case "if_statement":
      if (/^(typing\.)?TYPE_CHECKING$/.test(node.childForFieldName("condition")?.text ?? "")) {
        for (const alt of node.childrenForFieldName("alternative")) if (alt !== null) visit(alt, optional, walk);
        return;
      }
      break;
    case "try_statement":
      if (guardsImportError(node)) {
        for (const child of node.namedChildren) {
          if (child !== null) visit(child, optional || child.type !== "finally_clause", walk);
        }
        return;
      }
      break;
    case "call":
      walk.calls.push({ node, optional });
      walk.found.push(...getenvFindings(node, walk));
      break;
    case "subscript":
      walk.found.push(...environFindings(node, walk));
      break;
  }
  for (const child of node.namedChildren) if (child !== null) visit(child, optional, walk);
}

/** `import a.b as c` names `a.b`; the alias is irrelevant. */
const moduleOf = (name: Node | null): string | undefined =>
  name === null ? undefined : name.type === "aliased_import" ? name.childForFieldName("name")?.text : name.text;

function importFound(module: string | undefined, node: Node, optional: boolean, walk: Walk): void {
  if (module === undefined) return;
  walk.found.push(...moduleRequirement(module, node.startPosition.row, optional, walk.ctx.localModules));
}

function fromImport(node: Node, optional: boolean, walk: Walk): void {
  const module = node.childForFieldName("module_name");
  // `from . import x` and `from .pkg import x` are the skill's own code.
  if (module === null || module.type === "relative_import") return;
  importFound(module.text, node, optional, walk);
  if (RUNNERS[module.text] === undefined) return;
  for (const name of node.childrenForFieldName("name")) {
    if (name?.type === "dotted_name") walk.imported.set(name.text, module.text);
    if (name?.type === "aliased_import") {
      const alias = name.childForFieldName("alias")?.text;
      const orig = name.childForFieldName("name")?.text;
      if (alias !== undefined && orig !== undefined) walk.imported.set(alias, `${module.text}.${orig}`);
    }
  }
}

/** `os.environ` (or `environ` imported from os), the mapping of the process environment. */
const isEnviron = (node: Node | null, walk: Walk): boolean =>
  node !== null && (node.text === "os.environ" || (node.type === "identifier" && walk.imported.get(node.text) === "os" && node.text === "environ"));

/** `os.environ["X"]`. */
function environFindings(node: Node, walk: Walk): Finding[] {
  const key = node.childForFieldName("subscript");
  const name = key === null ? null : literal(key);
  return isEnviron(node.childForFieldName("value"), walk) && name !== null ? envRead(name, node.startPosition.row) : [];
}

/** `os.getenv("X")`, `os.environ.get("X")`, `getenv("X")` imported from os. */
function getenvFindings(call: Node, walk: Walk): Finding[] {
  const fn = call.childForFieldName("function");
  if (fn === null) return [];
  const getenv =
    fn.text === "os.getenv" ||
    (fn.type === "identifier" && fn.text === "getenv" && walk.imported.get("getenv") === "os") ||
    (fn.type === "attribute" && fn.childForFieldName("attribute")?.text === "get" && isEnviron(fn.childForFieldName("object"), walk));
  const first = call.childForFieldName("arguments")?.namedChildren[0];
  const name = getenv && first != null ? literal(first) : null;
  return name === null ? [] : envRead(name, call.startPosition.row);
}

/** True when an `except` clause of the try catches ImportError (or ModuleNotFoundError). */
function guardsImportError(tryNode: Node): boolean {
  return tryNode.namedChildren.some(
    (c) => c?.type === "except_clause" && /\b(ImportError|ModuleNotFoundError)\b/.test(c.text.split(":")[0] ?? ""),
  );
}

function runnerFindings(call: Node, optional: boolean, walk: Walk): Finding[] {
  const fn = call.childForFieldName("function");
  if (fn === null || !isRunner(fn, walk)) return [];
  const arg = call.childForFieldName("arguments")?.namedChildren.find((a) => a !== null && a.type !== "keyword_argument");
  // `["soffice"] + args` starts with the literal list.
  const first = arg?.type === "binary_operator" ? arg.childForFieldName("left") : arg;
  if (first === null || first === undefined) return [];
  const row = call.startPosition.row;
  if (first.type === "list" || first.type === "tuple") {
    const argv = first.namedChildren.map((el) => (el === null ? null : literal(el)));
    return asOptional(commandFindings(argv, row, walk.ctx), optional);
  }
  const text = literal(first, "$_");
  return text === null ? [] : asOptional(walk.ctx.embedded("bash", text, row), optional);
}

function isRunner(fn: Node, walk: Walk): boolean {
  if (fn.type === "attribute") {
    const object = fn.childForFieldName("object")?.text ?? "";
    const attr = fn.childForFieldName("attribute")?.text ?? "";
    return RUNNERS[object]?.has(attr) === true;
  }
  if (fn.type !== "identifier") return false;
  const from = walk.imported.get(fn.text);
  if (from === undefined) return false;
  const [module, attr] = from.includes(".") ? from.split(".") : [from, fn.text];
  return RUNNERS[module ?? ""]?.has(attr ?? "") === true;
}

/**
 * The text of a string literal; f-string holes become `hole` (a shell variable, so a command line
 * like f"ffmpeg -i {src}" still names ffmpeg), or make the value unknown when no hole is allowed.
 */
function literal(node: Node, hole?: string): string | null {
  if (node.type !== "string") return null;
  let text = "";
  for (const child of node.namedChildren) {
    if (child === null || child.type === "string_start" || child.type === "string_end") continue;
    if (child.type === "interpolation") {
      if (hole === undefined) return null;
      text += hole;
    } else text += child.text;
  }
  return text;
}
