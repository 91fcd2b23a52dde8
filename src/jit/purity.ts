import type { JitLang } from "./schema.js";
import type { Normalized } from "./normalize/index.js";

/**
 * Whether a template only reads: then its result is a function of its parameters and the files
 * it reads, and may be cached. An allowlist, so anything unknown counts as a side effect.
 */
export function isPure(lang: JitLang, n: Normalized): boolean {
  // Shell commands write through options and operands (`sort -o`, `sed -i`, `uniq in out`,
  // awk's `>`), read folders and globs a file stat cannot vouch for: never cached.
  if (lang === "bash") return false;
  const rules = RULES[lang];
  if (!n.imports.every((entry) => rules.imports.test(entry))) return false;
  if (n.apis.some((api) => api.startsWith(".") ? WRITE_METHODS.has(api.slice(1)) : !rules.calls.has(api))) return false;
  // open(path, "w"), open(path, mode="a"), fs.openSync(p, "w+"): any mode string that writes.
  return !n.holes.some((h) => typeof h.value === "string" && /^[rwaxbt+]{1,3}$/.test(h.value) && /[wax+]/.test(h.value));
}

const WRITE_METHODS = new Set([
  "write", "writelines", "write_text", "write_bytes", "dump", "unlink", "rmdir", "mkdir", "makedirs", "rename", "touch",
  "save", "savefig", "to_csv", "to_excel", "to_json", "to_parquet", "truncate", "chmod", "chown", "symlink_to",
  "system", "popen", "run", "call", "check_call", "check_output", "send", "post", "put", "patch", "delete", "request",
  "urlopen", "writeFileSync", "writeFile", "appendFileSync", "appendFile", "rmSync", "rm", "unlinkSync", "mkdirSync",
  "renameSync", "spawn", "exec", "execSync", "spawnSync", "fetch", "connect", "listen", "kill", "exit",
]);

const PYTHON_CALLS = [
  "print", "len", "set", "list", "dict", "tuple", "sorted", "reversed", "sum", "min", "max", "enumerate", "zip", "range",
  "map", "filter", "abs", "round", "int", "float", "str", "bool", "any", "all", "isinstance", "open", "repr", "format", "divmod", "pow", "frozenset",
  "Counter", "defaultdict", "OrderedDict", "namedtuple", "deque",
];
const PYTHON_MODULES = ["re", "json", "collections", "statistics", "math", "string", "itertools", "functools", "csv", "textwrap", "decimal", "fractions", "operator", "unicodedata"];
const JS_CALLS = ["console.log", "JSON.parse", "JSON.stringify", "readFileSync", "fs.readFileSync", "path.join", "path.resolve", "path.basename", "path.extname", "Object.keys", "Object.entries", "Object.values", "Array.from", "Array.isArray", "Number", "String", "Boolean", "parseInt", "parseFloat", "Math.max", "Math.min", "Math.round", "Math.floor", "Math.ceil", "Math.abs", "Math.sqrt", "Set", "Map"];

const PYTHON_CALL_SET = new Set(PYTHON_CALLS);

const RULES: Readonly<Record<Exclude<JitLang, "bash">, { imports: RegExp; calls: { has(api: string): boolean } }>> = {
  python: {
    imports: new RegExp(`^(import|from) (${PYTHON_MODULES.join("|")})(\\.| |$)`),
    calls: {
      has: (api) => PYTHON_CALL_SET.has(api) || (PYTHON_MODULES.includes(api.split(".")[0]!) && api !== "json.dump"),
    },
  },
  javascript: { imports: /^(import|require) (node:)?(fs|path)$/, calls: new Set(JS_CALLS) },
};
