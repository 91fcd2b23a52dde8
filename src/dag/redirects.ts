import type { NodeRun } from "../compiler/index.js";

type Redirect = NonNullable<Extract<NodeRun, { kind: "script" }>["redirects"]>[number];

/**
 * The argv that runs `argv` with the author's file redirects, as their shell would have: bash
 * opens the files (relative to the node's cwd, `>` truncating, `>>` appending, a missing folder
 * failing the node) and then execs the command, so output streams to the file with no size cap.
 * The script text is fixed; paths and argv reach bash as positional parameters, never as code.
 */
export function withRedirects(argv: readonly string[], redirects: readonly Redirect[]): string[] {
  if (redirects.length === 0) return [...argv];
  const opens = redirects.map((r, i) => `${r.op}"\${${i + 1}}"`).join(" ");
  const script = `exec "\${@:${redirects.length + 1}}" ${opens}`;
  return ["bash", "-c", script, "skvm-node", ...redirects.map((r) => r.path), ...argv];
}
