import { describe, expect, test } from "vitest";
import { extractFrom, fence, req } from "./skill.js";

describe("core versus optional", () => {
  test("a block the prose offers as an alternative yields optional requirements", async () => {
    const body = [
      "# PDF",
      "",
      "Extract text with pypdf:",
      "",
      fence("python", "import pypdf"),
      "You can also use `pdfplumber` for tables; alternatively:",
      "",
      fence("python", "import pdfplumber"),
    ].join("\n");
    const r = await extractFrom(body);
    expect(req(r, "python", "pypdf").optional).toBe(false);
    expect(req(r, "python", "pdfplumber").optional).toBe(true);
  });

  test("an (optional) section heading or list item makes its blocks optional", async () => {
    const body = [
      "# Convert",
      "",
      fence("bash", "pandoc in.md -o out.docx"),
      "## OCR (optional)",
      "",
      fence("bash", "tesseract scan.png out"),
      "## Steps",
      "",
      "1. Optionally render previews if LibreOffice is installed:",
      "",
      "   The command:",
      "",
      "   ```bash",
      "   soffice --headless --convert-to pdf in.docx",
      "   ```",
      "",
    ].join("\n");
    const r = await extractFrom(body);
    expect(req(r, "bins", "pandoc").optional).toBe(false);
    expect(req(r, "bins", "tesseract").optional).toBe(true);
    expect(req(r, "bins", "soffice").optional).toBe(true);
  });

  test("a comment on the line, or right above it, can mark one line optional", async () => {
    const block = ["qpdf --check a.pdf", "# optional: faster rendering", "pdftoppm -png a.pdf out", "mutool draw a.pdf  # if available"].join("\n");
    const r = await extractFrom(`# Use\n\n${fence("bash", block)}`);
    expect(req(r, "bins", "qpdf").optional).toBe(false);
    expect(req(r, "bins", "pdftoppm").optional).toBe(true);
    expect(req(r, "bins", "mutool").optional).toBe(true);
  });

  test("a requirement is optional only when every mention is: one core mention wins", async () => {
    const body = ["# Use", "", fence("bash", "jq . a.json"), "Alternatively, filter with jq and curl:", "", fence("bash", "curl -s x | jq .")].join("\n");
    const r = await extractFrom(body);
    expect(req(r, "bins", "jq")).toMatchObject({ optional: false, origins: ["SKILL.md:8", "SKILL.md:14"] });
    expect(req(r, "bins", "curl").optional).toBe(true);
  });

  test("a mention in a bundled script is core whatever the prose says about it", async () => {
    const body = ["# Use", "", "Alternatively:", "", fence("bash", "qpdf --check a.pdf")].join("\n");
    const r = await extractFrom(body, { "scripts/check.sh": "qpdf --check \"$1\"\n" });
    expect(req(r, "bins", "qpdf").optional).toBe(false);
  });

  test("talking about optional arguments does not make a tool optional", async () => {
    const body = ["# Use", "", "Pass optional arguments after the file:", "", fence("bash", "pandoc a.md --toc")].join("\n");
    const r = await extractFrom(body);
    expect(req(r, "bins", "pandoc").optional).toBe(false);
  });
});
