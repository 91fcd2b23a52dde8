/**
 * The code-survey skill of issue 10: three steps that each write one file with `>`, a fourth
 * that reads all three, and prose after the list that says so. `pause` seconds of sleep in each
 * of the three scripts make their overlap visible in a run's timings.
 */
export function surveySkill(pause = 0): Record<string, string> {
  const sleep = pause > 0 ? `sleep ${pause}\n` : "";
  const body = [
    "# Code survey",
    "",
    "## Workflow",
    "",
    "1. Count the lines of code:",
    "   ```bash",
    "   bash scripts/loc.sh src > loc.txt",
    "   ```",
    "2. List the TODOs:",
    "   ```bash",
    "   bash scripts/todos.sh src > todos.txt",
    "   ```",
    "3. Find the largest file:",
    "   ```bash",
    "   bash scripts/largest.sh src > largest.txt",
    "   ```",
    "4. Write the summary:",
    "   ```bash",
    "   cat loc.txt todos.txt largest.txt > summary.txt",
    "   ```",
    "",
    "Steps 1 to 3 only read `src`; the last step needs all three outputs.",
    "",
  ].join("\n");
  return {
    "SKILL.md": `---\nname: code-survey\ndescription: Survey a source tree: lines, TODOs, the largest file\n---\n${body}`,
    "scripts/loc.sh": `${sleep}echo "lines: $(cat "$1"/* | wc -l)"\n`,
    "scripts/todos.sh": `${sleep}echo "todos: $(cat "$1"/* | grep -c TODO)"\n`,
    "scripts/largest.sh": `${sleep}echo "largest: $(ls -S "$1" | head -n 1)"\n`,
  };
}
