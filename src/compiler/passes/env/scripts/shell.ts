/**
 * Quoting for generated bash. Requirement names come from skill text and must be treated as
 * hostile: they only ever reach a script inside single quotes, which bash never expands.
 */
export function shq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `NAME=('a' 'b')`; an empty array is still declared so `set -u` scripts can test its length. */
export function bashArray(name: string, items: readonly string[]): string {
  return `${name}=(${items.map(shq).join(" ")})`;
}

/**
 * JSON with every non-ASCII and control character escaped, so the literal is one printable line:
 * no newline can end a heredoc or a comment early, and the script stays plain ASCII.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0000-\u001f\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Tag for bash text in TypeScript: raw, so backslashes are bash's own, except that `\${` stands for
 * bash's `${` (a template literal would interpolate it). `${value}` still interpolates TS values.
 */
export function bash(strings: TemplateStringsArray, ...values: string[]): string {
  const raw = strings.raw.map((s) => s.replaceAll("\\${", "${"));
  return String.raw({ raw }, ...values);
}
