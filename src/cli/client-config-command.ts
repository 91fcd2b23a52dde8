import { homedir } from "node:os";
import { join } from "node:path";
import { usageError } from "./catalog-access.js";
import { commandArgv, missingSkillsRoot, resolveRoots, type RootOptions } from "./paths.js";

export interface ConfigCommandOptions extends RootOptions {
  json?: boolean;
}

/**
 * `skvm config claude-desktop`: the `mcpServers` entry for this install, every path absolute
 * (Claude Desktop starts servers from its own folder, with a PATH that may not find `node`).
 */
export function claudeDesktopConfigCommand(opts: ConfigCommandOptions): number {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) return usageError("config", missing);
  const [, ...args] = commandArgv(["serve"], resolveRoots(opts));
  const entry = { mcpServers: { skvm: { command: process.execPath, args } } };
  const json = JSON.stringify(entry, null, 2);
  if (opts.json) process.stdout.write(`${json}\n`);
  else process.stdout.write(`Add this to ${claudeDesktopConfigFile()} (merge "skvm" into an existing "mcpServers"), then restart Claude Desktop:\n\n${json}\n`);
  return 0;
}

/** Where Claude Desktop reads its configuration on this platform. */
function claudeDesktopConfigFile(): string {
  if (process.platform === "darwin") return join(homedir(), "Library", "Application Support", "Claude", "claude_desktop_config.json");
  if (process.platform === "win32") return join(process.env.APPDATA ?? join(homedir(), "AppData", "Roaming"), "Claude", "claude_desktop_config.json");
  return `claude_desktop_config.json (Claude Desktop's settings folder; on Linux builds usually ${join(homedir(), ".config", "Claude")})`;
}
