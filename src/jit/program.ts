import { applyEdits, type TextEdit } from "../syntax/index.js";
import type { BundledRef, Hole } from "./normalize/index.js";
import type { HoleSlot, JitLang, TemplateParam } from "./schema.js";

const EXTENSIONS: Readonly<Record<JitLang, string>> = { python: "py", bash: "sh", javascript: "mjs" };

/** `.mjs` unless the code uses `require` without `import` (CommonJS). */
export function programExtension(lang: JitLang, code: string): string {
  if (lang === "javascript" && /\brequire\s*\(/.test(code) && !/^\s*import\s/m.test(code)) return "cjs";
  return EXTENSIONS[lang];
}

/**
 * The canonical program of a template: the author's code with every parameter replaced by a
 * read of the values the runner passes as argv (never spliced into the code), and bundled-file
 * paths under `$SKVM_SKILL_DIR`. Constants and comments stay as written.
 */
export function renderProgram(lang: JitLang, code: string, holes: readonly Hole[], slots: readonly HoleSlot[], bundled: readonly BundledRef[], params: readonly TemplateParam[], opts: { traceOpens?: boolean } = {}): string {
  const edits: TextEdit[] = [];
  const lists = new Set(params.filter((p) => p.type === "array").map((p) => p.name));
  holes.forEach((hole, i) => {
    const slot = slots[i];
    const unquoted = !/^["']/.test(code.slice(hole.start, hole.start + 1));
    if (slot && "param" in slot) edits.push({ start: hole.start, end: hole.end, text: ACCESSORS[lang](slot.param, { wrap: hole.wrap, unquoted, list: lists.has(slot.param) }) });
  });
  for (const ref of bundled) edits.push({ start: ref.start, end: ref.end, text: BUNDLED[lang](ref.path) });
  const body = applyEdits(code, edits);
  return insertPrologue(lang, body, [...PROLOGUES[lang](params), ...(opts.traceOpens && lang === "python" ? PYTHON_OPEN_TRACE : [])]);
}

/**
 * For a read-only Python template: when the runner asks (`SKVM_OPENS_FILE`), an audit hook
 * records every file the run opens with its size, mtime and inode at that moment, and writes
 * them there at exit; a listing, a write mode or a descriptor makes the inputs unknown ("*").
 * The runner caches the result only with that record, and checks those files on every hit.
 */
const PYTHON_OPEN_TRACE = [
  "def _skvm_trace(out):  # skvm: the files this run reads, so a cached result can be checked against them",
  "    seen, skip = {}, tuple({p + _skvm_os.sep for p in (_skvm_sys.prefix, _skvm_sys.base_prefix, _skvm_sys.exec_prefix) if p})",
  "    def hook(event, args):",
  '        if event in ("os.listdir", "os.scandir", "glob.glob", "os.walk"): seen["*"] = event',
  '        if event != "open": return',
  '        path, mode = args[0], args[1] or "r"',
  '        if not isinstance(path, (str, bytes)) or any(c in str(mode) for c in "wax+"): seen["*"] = "open"; return',
  "        path = _skvm_os.path.abspath(_skvm_os.fsdecode(path))",
  "        if path.startswith(skip) or path == out: return",
  '        try: st = _skvm_os.stat(path); seen.setdefault(path, f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")',
  '        except OSError: seen.setdefault(path, "missing")',
  "    _skvm_sys.addaudithook(hook)",
  "    import atexit",
  "    def save():",
  "        text = _skvm_json.dumps(seen)",
  '        with open(out, "w") as fh: fh.write(text)',
  "    atexit.register(save)",
  'if _skvm_os.environ.get("SKVM_OPENS_FILE"): _skvm_trace(_skvm_os.environ["SKVM_OPENS_FILE"])',
];

interface Access {
  wrap: "set" | "tuple" | undefined;
  /** The literal was an unquoted shell word (where `~/` expands). */
  unquoted: boolean;
  /** An array parameter: in bash, a list of words. */
  list: boolean;
}

const ACCESSORS: Readonly<Record<JitLang, (name: string, access: Access) => string>> = {
  python: (name, { wrap }) => (wrap ? `${wrap}(_skvm_params[${JSON.stringify(name)}])` : `_skvm_params[${JSON.stringify(name)}]`),
  javascript: (name) => `__skvm_params[${JSON.stringify(name)}]`,
  // A leading `~/` is expanded as the shell would have done for the unquoted word it replaces.
  bash: (name, { unquoted, list }) => {
    const ref = list ? `_skvm_${name}[@]` : `_skvm_${name}`;
    return unquoted ? `"\${${ref}/#\\~\\//\$HOME/}"` : `"\${${ref}}"`;
  },
};

const BUNDLED: Readonly<Record<JitLang, (path: string) => string>> = {
  python: (path) => `(_skvm_os.environ["SKVM_SKILL_DIR"] + ${JSON.stringify(`/${path}`)})`,
  javascript: (path) => `(process.env.SKVM_SKILL_DIR + ${JSON.stringify(`/${path}`)})`,
  bash: (path) => `"\${SKVM_SKILL_DIR}/${path}"`,
};

function insertPrologue(lang: JitLang, body: string, prologue: readonly string[]): string {
  const lines = body.split("\n");
  // A shebang, an encoding line or `from __future__` imports must stay first.
  let at = 0;
  while (at < lines.length && /^(#!|# -\*-|#.*coding[:=]|from __future__ import)/.test(lines[at] ?? "")) at++;
  // `from __future__` may follow a module docstring: the prologue goes after the last of them.
  const future = lines.findLastIndex((line) => /^from __future__ import/.test(line));
  if (lang === "python" && future >= at) at = future + 1;
  lines.splice(at, 0, ...prologue);
  const text = lines.join("\n");
  return text.endsWith("\n") ? text : `${text}\n`;
}

const PROLOGUES: Readonly<Record<JitLang, (params: readonly TemplateParam[]) => string[]>> = {
  python: () => [
    "import json as _skvm_json, os as _skvm_os, sys as _skvm_sys  # skvm: parameters arrive as JSON in argv[1]",
    "_skvm_params = _skvm_json.loads(_skvm_sys.argv.pop(1))",
  ],
  javascript: () => ['const __skvm_params = JSON.parse(process.argv.splice(2, 1)[0] ?? "{}"); // skvm: parameters arrive as JSON in argv'],
  bash: (params) =>
    params.length === 0
      ? []
      : [
          "# skvm: parameters arrive as arguments, in this order; a list as its length, then its items",
          ...params.map((p) => (p.type === "array" ? `_skvm_${p.name}=("\${@:2:$1}"); shift "$(($1 + 1))"` : `_skvm_${p.name}=$1; shift`)),
          ...params.filter((p) => p.operand && (p.type === "string" || p.type === "array")).map(refuseOptionLike),
        ],
};

/**
 * A command operand must not start with `-` (the command would take it for an option, e.g.
 * `wc --files0-from=/etc/hostname`): the program refuses such a value before running anything.
 */
function refuseOptionLike(p: TemplateParam): string {
  const values = p.type === "array" ? `"\${_skvm_${p.name}[@]}"` : `"\${_skvm_${p.name}}"`;
  const message = `PARAM_OPTION_LIKE: parameter ${p.name} is an operand; a value starting with '-' would be read as an option (hint: write ./-name for a file named so)`;
  return `for _skvm_v in ${values}; do case $_skvm_v in -) ;; -*) printf '%s\\n' ${JSON.stringify(message)} >&2; exit 64 ;; esac; done`;
}

/**
 * The model's own code with every mention of a bundled file pointed at the skill's folder
 * (`$SKVM_SKILL_DIR`), so `python3 scripts/x.py` works from any working directory.
 */
export function resolveBundledPaths(lang: JitLang, code: string, bundled: readonly BundledRef[]): string {
  return applyEdits(code, bundled.map((ref) => ({ start: ref.start, end: ref.end, text: BUNDLED[lang](ref.path) })));
}
