import type { InstallResult } from "./install.js";
import type { EnvVerdict } from "./verdict.js";

type Item = { kind: string; name: string };
const same = (a: Item) => (b: Item) => a.kind === b.kind && a.name === b.name;

/**
 * What to do when an install left a skill not ready: the cause found in the installer's output and
 * steps that can work. Never "run the install again": it just ran, and would fail the same way.
 */
export function nextSteps(report: InstallResult, after: EnvVerdict): string[] {
  const steps: string[] = [];
  const { diagnosis } = report;
  if (diagnosis) steps.push(`cause (${diagnosis.cause}): ${diagnosis.evidence}`, `next: ${diagnosis.next}`);
  else if (report.error) steps.push(`the installer failed: ${report.error}`);
  else for (const f of report.failed) steps.push(`${f.kind} ${f.name} failed: ${f.error.trim().split("\n").at(-1)}`);
  for (const s of report.skipped) {
    // Optional extras skipped on purpose are not what keeps the skill from running.
    if (s.kind !== "system" && !after.missing.some(same(s))) continue;
    steps.push(s.command ? `${s.kind} ${s.name}: ${s.reason}; run it yourself: ${s.command}` : `${s.kind} ${s.name}: ${s.reason}; install it yourself, on the PATH the server runs with`);
  }
  if (after.error) steps.push(`the environment check itself failed: ${after.error}`);
  return steps;
}
