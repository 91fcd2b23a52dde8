/** A string of a TOML array, at its 0-based row. */
export interface TomlString {
  value: string;
  row: number;
}

/**
 * The strings of the array assigned to `key` (`dependencies = ["a>=1", "b"]`, possibly spanning
 * lines) inside the given TOML table ("" for top level). A small reader on purpose: PEP 723
 * blocks and pyproject dependency lists are this simple, and a full TOML parser is not a
 * dependency of the project.
 */
export function tomlStringArray(text: string, table: string, key: string): TomlString[] {
  const lines = text.split(/\r?\n/);
  let current = "";
  for (let row = 0; row < lines.length; row++) {
    const line = (lines[row] ?? "").trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header !== null) {
      current = (header[1] ?? "").trim();
      continue;
    }
    if (current !== table || !new RegExp(`^${key}\\s*=\\s*\\[`).test(line)) continue;
    return readArray(lines, row);
  }
  return [];
}

/** Every `key = [...]` array of a table (for `[project.optional-dependencies]`, one per extra). */
export function tomlTableArrays(text: string, table: string): TomlString[] {
  const lines = text.split(/\r?\n/);
  const out: TomlString[] = [];
  let current = "";
  for (let row = 0; row < lines.length; row++) {
    const line = (lines[row] ?? "").trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header !== null) current = (header[1] ?? "").trim();
    else if (current === table && /^[\w."-]+\s*=\s*\[/.test(line)) out.push(...readArray(lines, row));
  }
  return out;
}

function readArray(lines: readonly string[], start: number): TomlString[] {
  const out: TomlString[] = [];
  for (let row = start; row < lines.length; row++) {
    let line = lines[row] ?? "";
    if (row === start) line = line.slice(line.indexOf("[") + 1);
    // Strings first, so a `]` or `#` inside one (`"pandas[excel]"`) neither ends the array nor starts a comment.
    for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(#.*$)|(\])/g)) {
      if (m[4] !== undefined) return out;
      if (m[3] !== undefined) break;
      out.push({ value: m[1] ?? m[2] ?? "", row });
    }
  }
  return out;
}
