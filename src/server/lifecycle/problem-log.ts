import type { McpServer } from "@modelcontextprotocol/server";
import { describeProblem, type Catalog, type CatalogProblem } from "../catalog.js";

/** One line for a problem: a skill left out, or an edit not applied while the last good version serves. */
export const problemLine = (problem: CatalogProblem): string =>
  `${problem.servingLastGood ? "skill edit not applied" : "skill not served"}: ${describeProblem(problem)}`;

/**
 * Tells the session's client (MCP logging, notifications/message) about each problem of the
 * catalog once: those found by the first verification, then each new one a live edit brings
 * (a bad edit says why here and in list_skills).
 */
export function logProblems(server: McpServer, catalog: Catalog): () => void {
  const told = new Set<string>();
  const tell = () => {
    if (!server.isConnected()) return;
    for (const problem of catalog.problems) {
      const line = problemLine(problem);
      if (told.has(line)) continue;
      told.add(line);
      server.sendLoggingMessage({ level: "warning", logger: "skvm", data: line }).catch(() => undefined);
    }
  };
  void catalog.whenVerified.then(tell);
  return catalog.onChange(tell);
}
