import { executableName } from "./executable.js";

/**
 * The interpreter a `#!` line names: `#!/usr/bin/env python3` -> python3, `#!/bin/bash` -> bash,
 * `#!/usr/bin/env -S uv run --script` -> uv. Undefined when there is no usable shebang.
 */
export function shebangInterpreter(text: string): string | undefined {
  const m = /^#!\s*(\S+)(.*)$/m.exec(text.split(/\r?\n/, 1)[0] ?? "");
  if (m === null) return undefined;
  const program = m[1] ?? "";
  if (!program.endsWith("/env")) return executableName(program);
  // env's own options come first (`-S` splits the rest, `-i` clears the environment).
  const words = (m[2] ?? "").trim().split(/\s+/).filter((w) => w !== "" && !w.startsWith("-") && !/^\w+=/.test(w));
  const first = words[0];
  return first === undefined ? undefined : executableName(first);
}
