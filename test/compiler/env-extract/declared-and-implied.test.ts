import { describe, expect, test } from "vitest";
import { extractFrom, names, req } from "./skill.js";

const fence = (lang: string, code: string): string => `\`\`\`${lang}\n${code}\n\`\`\`\n`;

describe("declared requirements always reach the manifest", () => {
  // Each form real registry skills use; every one declares base utilities the inference skips.
  const forms: [string, string, string][] = [
    ["a YAML object under metadata.openclaw", "metadata:\n  openclaw:\n    requires:\n      bins: [date, tar, jq]\n      anyBins: [curl, wget]\n      env: [API_TOKEN]\n", "metadata.openclaw"],
    ["one-line JSON under metadata.clawdbot", `metadata: {"clawdbot":{"requires":{"bins":["date","tar","jq"],"anyBins":["curl","wget"],"env":["API_TOKEN"]}}}\n`, "metadata.clawdbot"],
    ["JSON5 text under metadata.clawdis", `metadata:\n  clawdis: '{requires: {bins: ["date", "tar", "jq",], anyBins: ["curl", "wget"], env: ["API_TOKEN"]}}'\n`, "metadata.clawdis"],
    ["the whole metadata map as one JSON string", `metadata: '{"openclaw":{"requires":{"bins":"date tar jq","anyBins":["curl","wget"],"env":["API_TOKEN"]}}}'\n`, "metadata.openclaw"],
  ];
  test.each(forms)("%s: bins (base tools included), anyBins and env", async (_form, frontmatter, origin) => {
    const r = await extractFrom("# Use\n\nRun `date` and `tar` as you like.\n", {}, frontmatter);
    for (const bin of ["date", "tar", "jq"]) expect(req(r, "bins", bin)).toEqual({ name: bin, optional: false, origins: [`${origin}.requires.bins`] });
    expect(req(r, "bins", "curl")).toMatchObject({ anyOf: ["curl", "wget"], optional: false, origins: [`${origin}.requires.anyBins`] });
    expect(req(r, "env", "API_TOKEN")).toEqual({ name: "API_TOKEN", optional: false, origins: [`${origin}.requires.env`] });
  });

  test("an undeclared base tool a script runs is still no requirement", async () => {
    const r = await extractFrom("# Use\n", { "scripts/pack.sh": "#!/bin/sh\ntar czf out.tgz . && date\n" });
    expect(names(r, "bins")).toEqual([]);
  });
});

describe("executables that well-known libraries start", () => {
  test("pdf2image needs poppler's pdftoppm and pdfinfo, pytesseract needs tesseract, pydub needs ffmpeg: core, with the system package", async () => {
    const py = "from pdf2image import convert_from_path\nimport pytesseract\nfrom pydub import AudioSegment\n";
    const r = await extractFrom("# Use\n", { "scripts/ocr.py": py });
    expect(req(r, "bins", "pdftoppm")).toEqual({ name: "pdftoppm", optional: false, origins: ["scripts/ocr.py:1 via pdf2image"] });
    expect(req(r, "bins", "pdfinfo").optional).toBe(false);
    expect(req(r, "bins", "tesseract").origins).toEqual(["scripts/ocr.py:2 via pytesseract"]);
    expect(req(r, "bins", "ffmpeg").origins).toEqual(["scripts/ocr.py:3 via pydub"]);
    expect(r.systemPackages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ manager: "apt", name: "poppler-utils", bins: expect.arrayContaining(["pdftoppm", "pdfinfo"]) }),
        expect.objectContaining({ manager: "apt", name: "tesseract-ocr", bins: ["tesseract"] }),
        expect.objectContaining({ manager: "brew", name: "ffmpeg" }),
      ]),
    );
  });

  test("Playwright needs a browser it may keep off PATH, moviepy ships its own ffmpeg: listed, optional, never installed", async () => {
    const r = await extractFrom(fence("python", "from playwright.sync_api import sync_playwright\nfrom moviepy import VideoFileClip"));
    expect(req(r, "bins", "chromium")).toMatchObject({ optional: true, anyOf: expect.arrayContaining(["chromium", "google-chrome"]) });
    expect(req(r, "bins", "ffmpeg")).toMatchObject({ optional: true, origins: ["SKILL.md:7 via moviepy"] });
    expect(r.systemPackages.map((p) => p.name)).not.toContain("chromium");
  });

  test("npm libraries: fluent-ffmpeg needs ffmpeg; an optional library makes its program optional", async () => {
    const js = "import ffmpeg from 'fluent-ffmpeg';\n";
    const py = "try:\n    import pytesseract\nexcept ImportError:\n    pytesseract = None\n";
    const r = await extractFrom("# Use\n", { "scripts/cut.mjs": js, "scripts/maybe.py": py });
    expect(req(r, "bins", "ffmpeg")).toMatchObject({ optional: false, origins: ["scripts/cut.mjs:1 via fluent-ffmpeg"] });
    expect(req(r, "bins", "tesseract").optional).toBe(true);
  });
});

describe("reference files SKILL.md sends the model to", () => {
  test("code blocks of a named reference yield optional requirements at the reference's lines; an unnamed one is not read", async () => {
    const forms = `# Forms\n\nInstall first:\n\n${fence("bash", "pip install pdfplumber")}\n${fence("python", "import pdfplumber\nfrom pdf2image import convert_from_path")}`;
    const r = await extractFrom("# PDF\n\nTo fill a form, read [forms](references/forms.md).\n", {
      "references/forms.md": forms,
      "references/unused.md": fence("python", "import numpy"),
    });
    expect(req(r, "python", "pdfplumber")).toMatchObject({ optional: true, origins: ["references/forms.md:6", "references/forms.md:10"] });
    expect(req(r, "bins", "pdftoppm")).toMatchObject({ optional: true, origins: ["references/forms.md:11 via pdf2image"] });
    expect(names(r, "python")).not.toContain("numpy");
  });

  test("a reference named by file name alone counts", async () => {
    const r = await extractFrom("# Use\n\nFor OCR see reference.md.\n", { "reference.md": fence("python", "import pytesseract") });
    expect(req(r, "python", "pytesseract").optional).toBe(true);
    expect(req(r, "bins", "tesseract").optional).toBe(true);
  });
});

describe("dependency manifests a bundled script writes", () => {
  test("a requirements.txt heredoc and a package.json written through tee", async () => {
    const setup = [
      "#!/bin/bash",
      "set -e",
      `cat > "$DIR/requirements.txt" <<'EOF'`,
      "requests>=2.31",
      "python-docx",
      "EOF",
      "tee package.json >/dev/null <<EOF",
      `{"dependencies": {"docx": "^9.0.0"}}`,
      "EOF",
    ].join("\n");
    const r = await extractFrom("# Use\n", { "scripts/setup.sh": setup });
    expect(req(r, "python", "requests")).toMatchObject({ optional: false, origins: ["scripts/setup.sh:4"] });
    expect(req(r, "python", "python-docx").origins).toEqual(["scripts/setup.sh:5"]);
    expect(req(r, "node", "docx").origins).toEqual(["scripts/setup.sh:8"]);
  });
});

describe("environment variables the code reads", () => {
  test("os.environ[...], os.getenv, os.environ.get, environ imported from os and process.env: optional; HOME and PATH are not requirements", async () => {
    const py = [
      "import os",
      "from os import environ, getenv",
      'token = os.environ["GITHUB_TOKEN"]',
      'region = os.getenv("AWS_REGION", "us-east-1")',
      'model = os.environ.get("MODEL_NAME")',
      'home = os.environ["HOME"]',
      'a = environ["ALPHA_KEY"]',
      'b = getenv("BETA_KEY")',
    ].join("\n");
    const js = "const key = process.env.OPENAI_API_KEY;\nconst url = process.env['SERVICE_URL'] ?? 'x';\nconst p = process.env.PATH;\n";
    const r = await extractFrom("# Use\n", { "scripts/run.py": py, "scripts/call.js": js });
    expect(names(r, "env")).toEqual(["ALPHA_KEY", "AWS_REGION", "BETA_KEY", "GITHUB_TOKEN", "MODEL_NAME", "OPENAI_API_KEY", "SERVICE_URL"]);
    expect(r.requires.env.every((e) => e.optional)).toBe(true);
    expect(req(r, "env", "GITHUB_TOKEN").origins).toEqual(["scripts/run.py:3"]);
    expect(req(r, "env", "OPENAI_API_KEY").origins).toEqual(["scripts/call.js:1"]);
  });

  test("a variable the metadata declares stays required when the code also reads it", async () => {
    const r = await extractFrom("# Use\n", { "scripts/run.py": 'import os\nkey = os.environ["API_TOKEN"]\n' }, `metadata: {"openclaw":{"requires":{"env":["API_TOKEN"]}}}\n`);
    expect(req(r, "env", "API_TOKEN")).toEqual({ name: "API_TOKEN", optional: false, origins: ["metadata.openclaw.requires.env", "scripts/run.py:2"] });
  });
});
