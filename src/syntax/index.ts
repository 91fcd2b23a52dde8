// The public face of src/syntax: tree-sitter parsers (wasm grammars) shared by the compiler's
// passes and the JIT matcher, so the WASM runtime starts once per process.
export { loadParsers, withTree, type Grammar, type Parsed, type Parsers } from "./parsers.js";
export { applyEdits, type TextEdit } from "./text-edits.js";
