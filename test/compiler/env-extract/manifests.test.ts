import { describe, expect, test } from "vitest";
import { extractFrom, names, req } from "./skill.js";

describe("dependency manifests", () => {
  test("requirements*.txt lines lose versions, extras, markers and comments; options and URLs are skipped", async () => {
    const r = await extractFrom("# Use\n", {
      "requirements.txt": [
        "# tools",
        "pypdf>=4.0",
        "pandas[excel] == 2.2.0 ; python_version >= '3.9'  # data",
        "-r more.txt",
        "-e .",
        "--index-url https://example.org/simple",
        "git+https://github.com/a/b.git",
        "PyYAML",
        "",
      ].join("\n"),
      "scripts/requirements-dev.txt": "pytest\n",
    });
    expect(names(r, "python")).toEqual(["pandas", "pypdf", "pytest", "PyYAML"]);
    expect(req(r, "python", "pandas").origins).toEqual(["requirements.txt:3"]);
    expect(req(r, "python", "PyYAML").import).toBe("yaml");
  });

  test("package.json dependencies are node requirements; devDependencies are not; optionalDependencies are optional", async () => {
    const pkg = JSON.stringify(
      { name: "x", dependencies: { "pdf-lib": "^1.17.1", "@scope/tool": "1.0.0" }, devDependencies: { vitest: "^4" }, optionalDependencies: { sharp: "*" } },
      null,
      2,
    );
    const r = await extractFrom("# Use\n", { "scripts/package.json": pkg });
    expect(names(r, "node")).toEqual(["@scope/tool", "pdf-lib", "sharp"]);
    expect(req(r, "node", "pdf-lib").origins).toEqual(["scripts/package.json:4"]);
    expect(req(r, "node", "sharp").optional).toBe(true);
  });

  test("a package.json that is not JSON is a warning, not a crash", async () => {
    const r = await extractFrom("# Use\n", { "package.json": "{ nope" });
    expect(r.requires.node).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "ENV_MANIFEST_UNPARSED", severity: "warning", file: "demo/package.json" })]);
  });

  test("pyproject.toml: [project] dependencies are core, extras optional, Poetry's table without python", async () => {
    const toml = [
      "[project]",
      'name = "demo"',
      "dependencies = [",
      '  "requests>=2",',
      '  "pandas[excel]",  # the ] in extras does not end the list',
      '  "click",',
      "]",
      "[project.optional-dependencies]",
      'ocr = ["pytesseract"]',
      "[tool.poetry.dependencies]",
      'python = "^3.10"',
      'rich = "^13"',
    ].join("\n");
    const r = await extractFrom("# Use\n", { "pyproject.toml": toml });
    expect(names(r, "python")).toEqual(["click", "pandas", "pytesseract", "requests", "rich"]);
    expect(req(r, "python", "pytesseract").optional).toBe(true);
    expect(req(r, "python", "click").origins).toEqual(["pyproject.toml:6"]);
  });
});
