import { describe, expect, test } from "vitest";
import { extractFrom, fence, names, req } from "./skill.js";

const fromBash = (code: string) => extractFrom(`# Setup\n\n${fence("bash", code)}`);

describe("install lines in shell blocks", () => {
  test("pip, pip3, python -m pip, uv pip install and uv add name pip distributions, not bins", async () => {
    const r = await fromBash(
      [
        'pip install pypdf "pandas>=2" -r requirements.txt --upgrade',
        "pip3 install --user 'markitdown[pptx]'",
        "python3 -m pip install -q openpyxl",
        "uv pip install reportlab",
        "uv add python-docx",
      ].join("\n"),
    );
    expect(names(r, "python")).toEqual(["markitdown", "openpyxl", "pandas", "pypdf", "python-docx", "reportlab"]);
    expect(req(r, "python", "python-docx").import).toBe("docx");
    expect(r.requires.bins).toEqual([]);
  });

  test("npm install/i/add, pnpm add, yarn add (global too) name npm packages without versions", async () => {
    const r = await fromBash("npm install -g pdf-lib@1.17\nnpm i --save-dev @types/node\npnpm add sharp\nyarn global add @mermaid-js/mermaid-cli@latest\nnpm install");
    expect(names(r, "node")).toEqual(["@mermaid-js/mermaid-cli", "@types/node", "pdf-lib", "sharp"]);
    expect(r.requires.bins).toEqual([]);
  });

  test("npx and bunx run an npm package, which is a node requirement and not a bin", async () => {
    const r = await fromBash("npx -y @marp-team/marp-cli@latest slides.md\nbunx prettier --write .\nnpx -p typescript tsc --noEmit");
    expect(names(r, "node")).toEqual(["@marp-team/marp-cli", "prettier", "typescript"]);
    expect(r.requires.bins).toEqual([]);
  });

  test("uvx and pipx run name the tool's pip distribution", async () => {
    const r = await fromBash("uvx ruff check .\nuvx --from 'markitdown[all]' markitdown a.pdf\npipx run black@24.1 .");
    expect(names(r, "python")).toEqual(["black", "markitdown", "ruff"]);
    expect(r.requires.bins).toEqual([]);
  });

  test("apt-get/apt install become apt system packages with the bins they provide", async () => {
    const r = await fromBash("sudo apt-get update\nsudo apt-get install -y --no-install-recommends poppler-utils libreoffice\napt install -y tesseract-ocr qpdf=11.3.0-1 some-lib");
    expect(r.systemPackages).toEqual([
      expect.objectContaining({ manager: "apt", name: "libreoffice", bins: ["soffice", "libreoffice"] }),
      expect.objectContaining({ manager: "apt", name: "poppler-utils", bins: expect.arrayContaining(["pdftoppm", "pdftotext"]) }),
      expect.objectContaining({ manager: "apt", name: "qpdf", bins: ["qpdf"] }),
      expect.objectContaining({ manager: "apt", name: "some-lib", bins: [] }),
      expect.objectContaining({ manager: "apt", name: "tesseract-ocr", bins: ["tesseract"], origins: ["SKILL.md:10"] }),
    ]);
    // Each known package's primary executable is what proves it installed.
    expect(names(r, "bins")).toEqual(["pdftoppm", "qpdf", "soffice", "tesseract"]);
  });

  test("brew install (casks too) becomes a brew system package", async () => {
    const r = await fromBash("brew install pandoc imagemagick\nbrew install --cask libreoffice");
    expect(r.systemPackages.map((p) => [p.manager, p.name, p.bins[0]])).toEqual([
      ["brew", "imagemagick", "magick"],
      ["brew", "libreoffice", "soffice"],
      ["brew", "pandoc", "pandoc"],
    ]);
  });

  test("other package-manager subcommands run the manager itself: npm run is a bin, pip list is nothing", async () => {
    const r = await fromBash("npm run build\npip list\nuv run main.py");
    expect(names(r, "bins")).toEqual(["npm", "uv"]);
    expect(r.requires.python).toEqual([]);
  });

  test("an install command in a Python or JavaScript comment counts (# Requires: pip install ...)", async () => {
    const body = `# OCR\n\n${fence("python", "# Requires: pip install pytesseract pdf2image\nimport pytesseract")}\n${fence("js", "// npm i pdf-lib\nconsole.log(1)")}`;
    const r = await extractFrom(body);
    expect(req(r, "python", "pdf2image").origins).toEqual(["SKILL.md:8"]);
    expect(req(r, "python", "pytesseract").origins).toEqual(["SKILL.md:8", "SKILL.md:9"]);
    expect(req(r, "node", "pdf-lib").origins).toEqual(["SKILL.md:13"]);
  });

  test("install commands in inline code of the prose count; a sentence calling them optional makes them optional", async () => {
    const body = [
      "# Use",
      "",
      "Install: `npm install -g docx` and run `soffice --version` to check.",
      "For OCR you can optionally `pip install pytesseract`.",
      "",
      fence("text", "pip install not-read"),
    ].join("\n");
    const r = await extractFrom(body);
    expect(req(r, "node", "docx")).toEqual({ name: "docx", import: "docx", optional: false, origins: ["SKILL.md:7"] });
    expect(req(r, "python", "pytesseract").optional).toBe(true);
    // pytesseract runs tesseract: optional as the library is.
    expect(r.requires.bins).toEqual([expect.objectContaining({ name: "tesseract", optional: true })]);
    expect(names(r, "python")).toEqual(["pytesseract"]);
  });
});
