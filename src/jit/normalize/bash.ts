import type { SyntaxNode as Node } from "./syntax-node.js";
import { bundledPath, childrenOf, Emitter, Walker, looksLikePath, pathHintName, sameNode } from "./emitter.js";
import type { NormalizeContext, Normalized } from "./types.js";

const CONTROL = new Set([
  "if_statement", "elif_clause", "else_clause", "for_statement", "c_style_for_statement", "while_statement",
  "case_statement", "function_definition", "subshell", "command_substitution", "process_substitution",
]);
const INTERPRETERS = new Set(["python", "python3", "bash", "sh", "node", "zsh"]);
const ARG_LITERALS = new Set(["word", "string", "raw_string", "number", "concatenation"]);

/** Normalizes a shell snippet: commands and their options stay, literal arguments become holes. */
export function normalizeBash(root: Node, ctx: NormalizeContext): Normalized {
  const out = new Emitter(boundNames(root));
  new BashWalker(out, ctx).visit(root);
  return out.result(!root.hasError);
}

class BashWalker extends Walker {
  /** The command being walked had `--`: the words after it can never be read as options. */
  #afterDashDash = false;

  visit(node: Node): void {
    if (CONTROL.has(node.type)) this.out.control.push(node.type);
    switch (node.type) {
      case "comment":
        return;
      case "command":
        return this.command(node);
      case "variable_assignment":
        return this.assignment(node);
      case "variable_name":
        return this.out.name(node.text, node);
      case "file_redirect":
        return this.redirect(node);
      case "&&":
      case "||":
        this.out.control.push(node.type);
        return this.out.sym(node.type, node);
      case ";":
      case "\n":
        return;
    }
    if (node.childCount === 0) return this.out.sym(node.text, node);
    for (const child of childrenOf(node)) this.visit(child);
  }

  /** `python3 scripts/x.py a --top 20`: the run of a bundled script is one token, whatever the spelling. */
  command(node: Node): void {
    const name = node.childForFieldName("name");
    const args = node.children.filter((c): c is Node => c !== null && !sameNode(c, name) && c.type !== "comment");
    const program = name?.text ?? "";
    const viaInterpreter = INTERPRETERS.has(program) && args[0] ? this.bundled(args[0]) : undefined;
    const direct = name ? this.bundled(name) : undefined;
    const script = viaInterpreter ?? direct;
    let rest = args;
    if (script && name) {
      // One token for the interpreter and the path; the program rewrites only the path word.
      const word = viaInterpreter ? args[0]! : name;
      this.out.file(script, name, { start: word.startIndex, end: word.endIndex });
      this.out.apis.push(`run:${script}`);
      if (viaInterpreter) rest = args.slice(1);
    } else if (name) {
      this.out.apis.push(program);
      this.out.sym(program, name);
    }
    const signature = script ? this.ctx.scripts?.[script] : undefined;
    let option: string | undefined;
    let position = 0;
    this.#afterDashDash = false;
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i]!;
      if (arg.type === "variable_assignment") {
        this.visit(arg);
        continue;
      }
      const declared = option === undefined ? signature?.positionals[position] : undefined;
      if (declared && this.positional(arg)) {
        position++;
        i = declared.list ? this.listArgument(rest, i, declared.name, script!) : (this.namedArgument(arg, declared.name, script!), i);
        continue;
      }
      option = this.argument(arg, option, Boolean(script));
      // A flag (`--json`) takes no value: the word after it is the next positional argument.
      if (option && signature?.flags.includes(option)) option = undefined;
    }
  }

  /** A plain word that is neither an option nor a bundled file: what a script takes by position. */
  positional(arg: Node): boolean {
    const text = literalText(arg);
    return text !== undefined && !text.startsWith("-") && !this.bundled(arg);
  }

  /** A positional argument named by the script's own parser (`input`, `output`). */
  namedArgument(arg: Node, name: string, script: string): void {
    const text = literalText(arg)!;
    const bare = arg.type === "word" ? { bare: true } : {};
    this.out.hole({ type: "string", value: text, canonical: JSON.stringify(text), role: "param", hint: { name, source: `argument ${name} of ${script}` }, ...bare, ...this.#operand(true) }, arg);
  }

  /**
   * The values of a list positional (`text_stats.py a.txt b.txt`): one array hole, so runs with
   * two files and with three are one template. Returns the index of the last word taken.
   */
  listArgument(args: readonly Node[], from: number, name: string, script: string): number {
    let last = from;
    while (last + 1 < args.length && this.positional(args[last + 1]!)) last++;
    const words = args.slice(from, last + 1);
    const values = words.map((w) => literalText(w)!);
    const bare = words.every((w) => w.type === "word") ? { bare: true } : {};
    const hole = { type: "array" as const, value: values, canonical: JSON.stringify(values), role: "param" as const, hint: { name, source: `arguments ${name} of ${script}` }, ...bare, ...this.#operand(true) };
    this.out.holeSpan(hole, words[0]!, words[words.length - 1]!, "list");
    return last;
  }

  /** One argument; returns the option it names (`--top`) so the next literal can take its name. */
  argument(arg: Node, option: string | undefined, scriptArg: boolean): string | undefined {
    const file = this.bundled(arg);
    if (file) {
      this.out.file(file, arg);
      return undefined;
    }
    const text = literalText(arg);
    if (text === undefined) {
      this.visit(arg);
      return undefined;
    }
    // `--` ends the options: structure, and it names nothing after it.
    if (text === "--") {
      this.#afterDashDash = true;
      this.out.sym(text, arg);
      return undefined;
    }
    // Options, `-5` (head's short form of -n 5) and `-` (stdin) are structure.
    if (/^--?[A-Za-z0-9]/.test(text) || text === "-") {
      const eq = text.indexOf("=");
      if (eq < 0 || arg.type !== "word") {
        this.out.sym(text, arg);
        return text;
      }
      // `--out=x.json`: the option is structure, the value a parameter.
      const flag = text.slice(0, eq + 1);
      this.out.sym(flag, arg);
      this.out.holes.push(wordHole(text.slice(eq + 1), arg, arg.startIndex + eq + 1, optionHint(flag.slice(0, -1))));
      this.out.tokens.push("⟨str⟩");
      this.out.lines.push(arg.startPosition.row + 1);
      return undefined;
    }
    // Numbers and numeric ranges or lists (`1-5`, `1,3,7`: pages, columns) are values a user picks.
    const userValue = scriptArg || looksLikePath(text) || /^-?\d+(\.\d+)?$/.test(text) || /^\d+([-,:]\d+)+$/.test(text);
    // `-w notes.txt`: a short flag before a path is rarely the path's name.
    const named = option && !(looksLikePath(text) && !option.startsWith("--"));
    const hint = !userValue ? undefined : named ? optionHint(option) : { name: looksLikePath(text) ? pathHintName(text) : "arg", source: "argument" };
    // An unquoted `~/x` expands and a quoted one does not: the matcher compares where it matters.
    const bare = arg.type === "word" ? { bare: true } : {};
    this.out.hole({ type: "string", value: text, canonical: JSON.stringify(text), role: hint ? "param" : "const", ...(hint ? { hint } : {}), ...bare, ...this.#operand(!named) }, arg);
    return undefined;
  }

  /** An operand before any `--`: a value starting with `-` there would be read as an option. */
  #operand(positional: boolean): { operand?: true } {
    return positional && !this.#afterDashDash ? { operand: true } : {};
  }

  /** `NAME=value` at the top of the snippet is a parameter named after the variable. */
  assignment(node: Node): void {
    const name = node.childForFieldName("name");
    const value = node.childForFieldName("value");
    if (name) this.out.name(name.text, name);
    this.out.sym("=", node);
    if (!value) return;
    const text = literalText(value);
    if (text === undefined || !name) return this.visit(value);
    const topLevel = node.parent?.type === "program";
    const hint = topLevel ? { name: name.text.toLowerCase(), source: `variable ${name.text}` } : undefined;
    this.out.hole({ type: "string", value: text, canonical: JSON.stringify(text), role: hint ? "param" : "const", ...(hint ? { hint } : {}) }, value);
  }

  /** `> stats.json`, `< notes.txt`: the file is a parameter; `2>&1` is structure. */
  redirect(node: Node): void {
    const dest = node.childForFieldName("destination");
    for (const child of childrenOf(node)) {
      if (!sameNode(child, dest)) {
        this.out.sym(child.text, child);
        continue;
      }
      const text = literalText(child);
      if (text === undefined || /^\d+$/.test(text) || child.type === "number") {
        this.visit(child);
        continue;
      }
      const op = node.children.find((c) => c && !c.isNamed)?.text ?? ">";
      const hint = { name: op.includes("<") ? "input" : "output", source: `redirect ${op}` };
      this.out.hole({ type: "string", value: text, canonical: JSON.stringify(text), role: "param", hint, ...(child.type === "word" ? { bare: true } : {}) }, child);
    }
  }

  bundled(node: Node): string | undefined {
    const text = literalText(node) ?? node.text.replace(/^"(.*)"$/s, "$1");
    return bundledPath(text, this.ctx.bundled, this.ctx.skillDir);
  }
}

/** The value of an argument that is pure text (no expansions, globs or substitutions). */
function literalText(node: Node): string | undefined {
  if (!ARG_LITERALS.has(node.type)) return undefined;
  if (node.type === "raw_string") return node.text.slice(1, -1);
  if (node.type === "string") {
    const parts = node.namedChildren.filter((c): c is Node => c !== null);
    if (parts.some((p) => p.type !== "string_content")) return undefined;
    return parts.map((p) => p.text.replace(/\\([$`"\\\n])/g, "$1")).join("");
  }
  if (node.type === "concatenation") {
    const parts = node.namedChildren.map((c) => (c ? literalText(c) : undefined));
    return parts.every((p) => p !== undefined) ? parts.join("") : undefined;
  }
  // `~/docs/a.pdf` is a path the user typed; the program expands the `~/` as the shell would.
  if (/[*?[\]{}$`~]/.test(node.text.replace(/^~\//, ""))) return undefined;
  return node.text.replace(/\\(.)/g, "$1");
}

const optionHint = (option: string): { name: string; source: string } => ({
  name: option.replace(/^-+/, "").replace(/=$/, ""),
  source: `option ${option.replace(/=$/, "")}`,
});

function wordHole(value: string, node: Node, start: number, hint: { name: string; source: string }) {
  return { type: "string" as const, value, canonical: JSON.stringify(value), role: "param" as const, hint, start, end: node.endIndex, line: node.startPosition.row + 1 };
}

function boundNames(root: Node): Set<string> {
  const names = new Set<string>();
  const walk = (node: Node): void => {
    if (node.type === "variable_assignment" || node.type === "for_statement") {
      const name = node.childForFieldName(node.type === "for_statement" ? "variable" : "name");
      if (name) names.add(name.text);
    }
    for (const child of node.namedChildren) if (child) walk(child);
  };
  walk(root);
  return names;
}
