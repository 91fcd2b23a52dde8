import { statSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { z } from "zod";

/** A folder where agents keep skills, and which agents read it (for `skvm where`). */
export const RootPlace = z.object({
  /** Absolute folder. */
  path: z.string(),
  scope: z.enum(["project", "user"]),
  /** The agents or tools documented to read or install skills here. */
  readBy: z.string(),
});
export type RootPlace = z.infer<typeof RootPlace>;

/**
 * The folders searched when no `--skills` is given, nearest first: the project's own folders
 * (the working directory), then the user's. A skill found in an earlier folder shadows one of the
 * same name in a later one, as a project's copy of a skill overrides the user's.
 * Sources: the agents' documentation and the `skills` installer's agent table
 * (vercel-labs/skills src/agents.ts): which folders each agent reads at project and user scope.
 */
export function standardRootPlaces(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): RootPlace[] {
  const home = homedir();
  const config = env.XDG_CONFIG_HOME?.trim() || path.join(home, ".config");
  const claude = env.CLAUDE_CONFIG_DIR?.trim() || path.join(home, ".claude");
  const codex = env.CODEX_HOME?.trim() || path.join(home, ".codex");
  const project = (rel: string, readBy: string): RootPlace => ({ path: path.resolve(cwd, rel), scope: "project", readBy });
  const user = (abs: string, readBy: string): RootPlace => ({ path: path.resolve(abs), scope: "user", readBy });
  const places = [
    project(".claude/skills", "Claude Code (project skills)"),
    project(".agents/skills", "Codex, Cursor, Gemini CLI, OpenCode, GitHub Copilot, Amp (project skills; where `npx skills add` installs)"),
    project("skills", "OpenClaw workspace skills; skvm's own convention"),
    user(path.join(claude, "skills"), "Claude Code (personal skills)"),
    user(path.join(home, ".agents/skills"), "Codex, Cline, Warp, Zed, Kimi (user skills; `npx skills add -g`)"),
    user(path.join(config, "agents/skills"), "Amp; the `skills` installer's universal global folder"),
    user(path.join(codex, "skills"), "Codex (legacy user folder, $CODEX_HOME)"),
    user(path.join(home, ".cursor/skills"), "Cursor (user skills)"),
    user(path.join(home, ".gemini/skills"), "Gemini CLI (user skills)"),
    user(path.join(config, "opencode/skills"), "OpenCode (user skills)"),
    user(path.join(config, "goose/skills"), "Goose (user skills)"),
    user(path.join(home, ".copilot/skills"), "GitHub Copilot (user skills)"),
    user(path.join(home, ".openclaw/skills"), "OpenClaw (managed skills)"),
  ];
  // The working directory may be the home folder: one place is searched once, at its nearest rank.
  const seen = new Set<string>();
  return places.filter((p) => !seen.has(p.path) && seen.add(p.path));
}

export const isFolder = (abs: string): boolean => statSync(abs, { throwIfNoEntry: false })?.isDirectory() === true;

/** The standard places that exist, as the plain nearest-first list of folders every command takes. */
export function discoverRoots(cwd?: string, env?: NodeJS.ProcessEnv): string[] {
  return standardRootPlaces(cwd, env)
    .map((p) => p.path)
    .filter(isFolder);
}
