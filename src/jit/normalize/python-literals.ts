import type { SyntaxNode as Node } from "./syntax-node.js";
import type { ParamType, ParamValue } from "../schema.js";

/** A Python literal's value and type, or undefined when the node is not a plain literal. */
export interface PyLiteral {
  type: ParamType;
  value: ParamValue;
  canonical: string;
}

const ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", v: "\v" };

/**
 * Decodes the escapes of a non-raw Python string body exactly as Python does, or undefined when
 * it has one this does not know (`\N{...}`): such a string stays a constant, never a parameter
 * whose value could differ from what Python would have read.
 */
function decodeEscapes(body: string): string | undefined {
  let exact = true;
  const value = body.replace(/\\([0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\n|.)/g, (whole, esc: string) => {
    if (esc === "\n") return "";
    if (/^[0-7]/.test(esc)) return String.fromCharCode(parseInt(esc, 8));
    if (/^[xuU][0-9a-fA-F]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (esc === "N") exact = false;
    // Unknown escapes (`\d` in a non-raw string) stay as written, as in Python.
    return ESCAPES[esc] ?? whole;
  });
  return exact ? value : undefined;
}

/** A plain string (not an f-string or bytes): its decoded value. */
export function pyString(node: Node): PyLiteral | undefined {
  if (node.type !== "string") return undefined;
  const start = node.children.find((c) => c?.type === "string_start")?.text ?? '"';
  const prefix = start.replace(/["']/g, "").toLowerCase();
  if (prefix.includes("f") || prefix.includes("b")) return undefined;
  const body = node.children
    .filter((c): c is Node => c !== null && (c.type === "string_content" || c.type === "escape_sequence"))
    .map((c) => c.text)
    .join("");
  const value = prefix.includes("r") ? body : decodeEscapes(body);
  if (value === undefined) return undefined;
  return { type: "string", value, canonical: JSON.stringify(value) };
}

function pyNumber(node: Node, negative = false): PyLiteral | undefined {
  if (node.type !== "integer" && node.type !== "float") return undefined;
  const text = node.text.replace(/_/g, "");
  if (/[jJ]$/.test(text)) return undefined;
  const parsed = node.type === "integer" && /^0[oO]/.test(text) ? parseInt(text.slice(2), 8) : Number(text);
  // Beyond 2^53 a JSON number is not the integer Python wrote: such a literal stays a constant.
  if (!Number.isFinite(parsed) || (node.type === "integer" && !Number.isSafeInteger(parsed))) return undefined;
  const value = negative ? -parsed : parsed;
  return { type: node.type === "integer" ? "integer" : "number", value, canonical: String(value) };
}

/** Strings, numbers (with a leading minus), True and False. */
export function pyScalar(node: Node): PyLiteral | undefined {
  if (node.type === "true" || node.type === "false") return { type: "boolean", value: node.type === "true", canonical: node.type };
  if (node.type === "unary_operator" && node.child(0)?.type === "-" && node.child(1)) return pyNumber(node.child(1)!, true);
  return pyString(node) ?? pyNumber(node);
}

/** A list, set or tuple of scalars: one array value (a parameter like `stopwords = {...}`). */
export function pyCollection(node: Node): (PyLiteral & { wrap?: "set" | "tuple" }) | undefined {
  if (node.type !== "list" && node.type !== "set" && node.type !== "tuple") return undefined;
  const items = node.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
  const values: (string | number | boolean)[] = [];
  for (const item of items) {
    const scalar = pyScalar(item);
    if (!scalar || Array.isArray(scalar.value)) return undefined;
    values.push(scalar.value);
  }
  const wrap = node.type === "list" ? undefined : node.type;
  return { type: "array", value: values, canonical: JSON.stringify(values), ...(wrap ? { wrap } : {}) };
}
