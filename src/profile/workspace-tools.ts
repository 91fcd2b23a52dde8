import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { runProcess } from "../exec/index.js";
import type { ToolSpec } from "../model/provider.js";

// The tools an agent probe offers: read, write, list and run, all confined to one workspace.

const MAX_READ = 64 * 1024;
const MAX_LIST = 200;
const COMMAND_TIMEOUT_MS = 30_000;

export const WORKSPACE_TOOLS: ToolSpec[] = [
  { name: "read_file", description: "Read a text file of the workspace.", inputSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
  {
    name: "write_file",
    description: "Create or overwrite a file of the workspace (folders are created).",
    inputSchema: { type: "object", properties: { path: { type: "string" }, content: { type: "string" } }, required: ["path", "content"] },
  },
  { name: "list_files", description: "List the files under a folder of the workspace (default: all).", inputSchema: { type: "object", properties: { path: { type: "string" } } } },
  {
    name: "run_command",
    description: "Run a program in the workspace: command is the executable, args its arguments (no shell; use bash -c for pipelines). Returns exit code, stdout and stderr.",
    inputSchema: { type: "object", properties: { command: { type: "string" }, args: { type: "array", items: { type: "string" } } }, required: ["command"] },
  },
];

/** A path the model gave, resolved inside the workspace; undefined when it points outside. */
function inside(workspace: string, path: unknown): string | undefined {
  if (typeof path !== "string" || path === "" || isAbsolute(path)) return undefined;
  const full = resolve(workspace, path);
  const rel = relative(workspace, full);
  return rel.startsWith("..") ? undefined : full;
}

async function listAll(dir: string, root: string, out: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (out.length >= MAX_LIST) return;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await listAll(full, root, out);
    else out.push(relative(root, full));
  }
}

/**
 * Carries out one tool call and returns the text the model gets back. Mistakes (a missing file,
 * a path outside the workspace) are answers, not exceptions: the model may recover from them.
 */
export async function callWorkspaceTool(workspace: string, name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<string> {
  switch (name) {
    case "read_file": {
      const path = inside(workspace, args.path);
      if (!path) return "error: path must be relative and inside the workspace";
      try {
        const text = await readFile(path, "utf8");
        return text.length > MAX_READ ? `${text.slice(0, MAX_READ)}\n[truncated at ${MAX_READ} bytes]` : text;
      } catch {
        return `error: no such file: ${String(args.path)}`;
      }
    }
    case "write_file": {
      const path = inside(workspace, args.path);
      if (!path) return "error: path must be relative and inside the workspace";
      if (typeof args.content !== "string") return "error: content must be a string";
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, args.content);
      return `wrote ${Buffer.byteLength(args.content)} bytes to ${String(args.path)}`;
    }
    case "list_files": {
      const path = args.path === undefined || args.path === "." ? workspace : inside(workspace, args.path);
      if (!path) return "error: path must be relative and inside the workspace";
      const out: string[] = [];
      try {
        await listAll(path, workspace, out);
      } catch {
        return `error: no such folder: ${String(args.path)}`;
      }
      return out.sort().join("\n") || "(empty)";
    }
    case "run_command": {
      if (typeof args.command !== "string" || !args.command) return "error: command must be a non-empty string";
      const argv = Array.isArray(args.args) ? args.args.map(String) : [];
      const r = await runProcess({ command: args.command, args: argv, cwd: workspace, timeoutMs: COMMAND_TIMEOUT_MS, maxOutputBytes: MAX_READ }, { signal });
      if (r.spawnError) return `error: ${r.spawnError}`;
      return `exit ${r.timedOut ? "timeout" : (r.exitCode ?? r.signal)}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
    }
    default:
      return `error: unknown tool ${name}`;
  }
}
