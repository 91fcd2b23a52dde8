import type { Finding } from "./finding.js";
import type { Grammar, Parsers } from "../../../../syntax/index.js";

/** What every code scanner gets: the parsers, the skill's own module names, and a way to recurse. */
export interface ScanCtx {
  parsers: Parsers;
  localModules: ReadonlySet<string>;
  /** Command names defined by the text itself (shell functions), which are not executables. */
  localCommands: ReadonlySet<string>;
  /**
   * Scans code held in a string of the text being read (`bash -c "..."`, `python3 -c "..."`, the
   * command line given to `os.system`); its findings land on `row`, the line that embeds it.
   */
  embedded(grammar: Grammar, text: string, row: number): Finding[];
}
