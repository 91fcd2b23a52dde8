import path from "node:path";

/** A path as users see it in diagnostics: relative to `root`, posix separators. */
export function displayPath(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return (rel === "" ? "." : rel).split(path.sep).join("/");
}
