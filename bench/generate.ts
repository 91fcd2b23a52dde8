import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Writes `count` small but realistic skills (instructions, a script, a reference). */
export async function generateSkills(root: string, count: number): Promise<void> {
  const names = Array.from({ length: count }, (_, i) => `gen-skill-${String(i).padStart(4, "0")}`);
  for (let i = 0; i < names.length; i += 64) {
    await Promise.all(names.slice(i, i + 64).map((name, j) => writeOne(root, name, i + j)));
  }
}

async function writeOne(root: string, name: string, i: number): Promise<void> {
  const dir = join(root, name);
  await mkdir(join(dir, "scripts"), { recursive: true });
  await mkdir(join(dir, "references"), { recursive: true });
  const body = [
    `# ${name}`,
    "",
    `Generated skill number ${i} for benchmarks. Use it to transform input files.`,
    "",
    "## Steps",
    "",
    "1. Inspect the input:",
    "",
    "   ```bash",
    `   python3 scripts/run.py --input data.csv --limit ${i % 50}`,
    "   ```",
    "",
    "2. Read references/notes.md for edge cases.",
    "3. Summarize the result for the user.",
    "",
  ].join("\n");
  await Promise.all([
    writeFile(join(dir, "SKILL.md"), `---\nname: ${name}\ndescription: Benchmark skill ${i}; use when transforming sample data set ${i}.\nlicense: MIT\n---\n${body}`),
    // Real requirements for the env pass: a stdlib import, a third-party one (present or not, the
    // check is the same work), an executable.
    writeFile(join(dir, "scripts", "run.py"), `import sys\nimport json\nimport yaml\nimport subprocess\nsubprocess.run(["git", "--version"])\nprint("skill ${i}", sys.argv[1:])\n`),
    writeFile(join(dir, "references", "notes.md"), `# Notes for ${name}\n\nNothing special.\n`),
  ]);
}
