import { describe, expect, test } from "vitest";
import { extractFrom, fence, req } from "./skill.js";

describe("merging across sources", () => {
  test("one requirement per name, with every origin from frontmatter, scripts, manifests and blocks", async () => {
    const r = await extractFrom(
      `# Use\n\n${fence("bash", "pip install pypdf\nqpdf --check a.pdf")}`,
      {
        "requirements.txt": "pypdf>=4\n",
        "scripts/merge.py": 'import pypdf\nimport subprocess\nsubprocess.run(["qpdf", "--version"])\n',
      },
      'compatibility: Needs qpdf\nmetadata: {"openclaw": {"requires": {"bins": ["qpdf"]}}}\n',
    );
    expect(req(r, "bins", "qpdf").origins).toEqual(["compatibility", "metadata.openclaw.requires.bins", "scripts/merge.py:3", "SKILL.md:11"]);
    expect(req(r, "python", "pypdf")).toEqual({ name: "pypdf", import: "pypdf", optional: false, origins: ["requirements.txt:1", "scripts/merge.py:1", "SKILL.md:10"] });
  });

  test("pip names that differ only in case or punctuation are one distribution, and a real import beats a guessed one", async () => {
    const r = await extractFrom("# Use\n", { "requirements.txt": "pyyaml\nPython_Dateutil\n", "scripts/a.py": "import yaml\nimport dateutil.parser\n" });
    expect(r.requires.python).toEqual([
      { name: "Python_Dateutil", import: "dateutil", optional: false, origins: ["requirements.txt:2", "scripts/a.py:2"] },
      { name: "pyyaml", import: "yaml", optional: false, origins: ["requirements.txt:1", "scripts/a.py:1"] },
    ]);
  });

  test("a declared anyBins alternative widens a bin found elsewhere", async () => {
    const r = await extractFrom("# Use\n", { "scripts/a.py": "print(1)\n" }, 'metadata: {"openclaw": {"requires": {"anyBins": ["python3", "python"]}}}\n');
    expect(req(r, "bins", "python3")).toEqual({
      name: "python3",
      anyOf: ["python3", "python"],
      optional: false,
      origins: ["metadata.openclaw.requires.anyBins", "scripts/a.py:1"],
    });
  });

  test("the result is sorted by name and never throws on empty or odd input", async () => {
    const r = await extractFrom(`# Use\n\n${fence("bash", "")}\n${fence("python", "def (:")}\n${fence("bash", "<file> | $X")}`);
    expect(r.requires).toEqual({ python: [], node: [], bins: [{ name: "python3", optional: false, origins: ["SKILL.md:12"] }], env: [] });
    expect(r.systemPackages).toEqual([]);
  });
});
