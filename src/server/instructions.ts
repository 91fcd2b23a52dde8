import type { Catalog } from "./catalog.js";

/** Past this many skills a model should search rather than read the whole list. */
export const SEARCH_FIRST_ABOVE = 30;

/** Server instructions (initialize result): how a model should work with compiled skills. */
export function serverInstructions(catalog: Catalog, perSkillTools: boolean, profileLine?: string): string {
  const names = catalog.names;
  const shown = names.slice(0, 50).join(", ") + (names.length > 50 ? `, and ${names.length - 50} more` : "");
  return [
    `skvm-mcp serves ${names.length} compiled agent skill(s)${names.length ? `: ${shown}` : ""}.`,
    "A skill is a set of instructions plus bundled scripts and references for one kind of task.",
    "How to use them:",
    findStep(names.length, perSkillTools),
    "2. Call load_skill with its name and your task before starting; follow the instructions it returns.",
    "3. Run bundled scripts with run_script {skill, script, args} instead of a shell: arguments are passed as",
    "   argv (no quoting needed) and the script runs with the skill's own folder resolved.",
    "   Run code a skill tells you to write or adapt (its Python, bash or JavaScript snippets) with",
    "   run_code {skill, language, code} instead of a shell. When the same snippet keeps coming back, it",
    "   becomes a tool of its own (<skill>__<template>): then call that tool with just the values.",
    "4. Read references and other bundled files with read_skill_file, or as skill://<name>/<path> resources.",
    "5. A skill whose environment lacks something (list_skills shows ready: false and what is missing) cannot",
    "   run yet: call env_setup {skill} (dryRun first if unsure) instead of installing packages by hand.",
    "6. A skill whose SKILL.md ends with a 'Parallel execution' section has a workflow: run_workflow {skill, inputs}",
    "   runs all its runnable steps, independent ones at once, and returns each step's output.",
    catalog.problems.length ? `${catalog.problems.length} skill(s) failed to compile; list_skills says why.` : "",
    profileLine ?? "",
  ]
    .filter(Boolean)
    .join("\n");
}

function findStep(count: number, perSkillTools: boolean): string {
  if (count > SEARCH_FIRST_ABOVE) {
    return `1. There are ${count} skills, too many to read: search with find_skills {query: "<your task in a few words>"} and take the best match; list_skills pages through all of them (cursor) when you need to browse.`;
  }
  return `1. Find a matching skill with list_skills or find_skills {query}${perSkillTools ? " (each skill is also a tool of its own name)" : ""}.`;
}
