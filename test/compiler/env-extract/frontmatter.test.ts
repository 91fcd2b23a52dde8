import { describe, expect, test } from "vitest";
import { extractFrom, names, req } from "./skill.js";

describe("frontmatter", () => {
  test("compatibility text names well-known executables and interpreters", async () => {
    const r = await extractFrom("# Use\n", {}, "compatibility: Requires python3 and Node.js 20+; needs ffmpeg and pandoc. Works with LibreOffice.\n");
    expect(names(r, "bins")).toEqual(["ffmpeg", "node", "pandoc", "python3", "soffice"]);
    expect(req(r, "bins", "ffmpeg")).toEqual({ name: "ffmpeg", optional: false, origins: ["compatibility"] });
    expect(req(r, "bins", "soffice").anyOf).toEqual(["soffice", "libreoffice"]);
  });

  test("a compatibility clause that calls a tool optional makes it optional; ordinary words are not tools", async () => {
    const r = await extractFrom("# Use\n", {}, "compatibility: Python 3.8+, standard library only. Optional - pandoc for DOCX output. Make sure to go slow.\n");
    expect(names(r, "bins")).toEqual(["pandoc", "python3"]);
    expect(req(r, "bins", "pandoc").optional).toBe(true);
    expect(req(r, "bins", "python3").optional).toBe(false);
  });

  test("OpenClaw metadata: requires.bins/anyBins/env, os, and install[] by kind", async () => {
    const openclaw = {
      openclaw: {
        requires: { bins: ["ffmpeg"], anyBins: ["magick", "convert"], env: ["OPENAI_API_KEY"] },
        os: ["macos", "linux"],
        install: [
          { kind: "brew", formula: "ffmpeg", bins: ["ffmpeg"] },
          { kind: "apt", package: "poppler-utils" },
          { kind: "node", package: "@steipete/summarize", bins: ["summarize"] },
          { kind: "uv", package: "nano-pdf" },
          { kind: "go", module: "example.com/tool@latest", bins: ["tool"] },
        ],
      },
    };
    const r = await extractFrom("# Use\n", {}, `metadata: ${JSON.stringify(openclaw)}\n`);
    expect(req(r, "bins", "ffmpeg").origins).toEqual(["metadata.openclaw.requires.bins"]);
    expect(req(r, "bins", "magick")).toMatchObject({ anyOf: ["magick", "convert"], origins: ["metadata.openclaw.requires.anyBins"] });
    expect(req(r, "env", "OPENAI_API_KEY")).toEqual({ name: "OPENAI_API_KEY", optional: false, origins: ["metadata.openclaw.requires.env"] });
    expect(r.os).toEqual(["darwin", "linux"]);
    expect(r.systemPackages).toEqual([
      { manager: "brew", name: "ffmpeg", bins: ["ffmpeg"], origins: ["metadata.openclaw.install[0]"] },
      { manager: "apt", name: "poppler-utils", bins: expect.arrayContaining(["pdftoppm", "pdftotext"]), origins: ["metadata.openclaw.install[1]"] },
    ]);
    expect(req(r, "node", "@steipete/summarize").origins).toEqual(["metadata.openclaw.install[2]"]);
    expect(req(r, "python", "nano-pdf").import).toBe("nano_pdf");
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "ENV_INSTALL_KIND_UNMAPPED", severity: "info" })]);
  });

  test("Hermes required_environment_variables keep their optional flag", async () => {
    const r = await extractFrom("# Use\n", {}, "required_environment_variables:\n  - GITHUB_TOKEN\n  - name: SENTRY_DSN\n    optional: true\n");
    expect(r.requires.env).toEqual([
      { name: "GITHUB_TOKEN", optional: false, origins: ["required_environment_variables"] },
      { name: "SENTRY_DSN", optional: true, origins: ["required_environment_variables"] },
    ]);
  });
});
