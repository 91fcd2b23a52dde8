import type { EnvRequirement, EnvRequires } from "../schema.js";
import { normalizeDistribution } from "./pep508.js";
import type { RequirementSet } from "./requirement-set.js";

/**
 * A library that starts an executable it does not ship: importing it is not enough, the program
 * must be on PATH too. `optional` when the library can work without it on PATH (it downloads or
 * bundles its own), so the program is listed but never makes a skill unready.
 */
interface LibraryExecutables {
  /** Satisfied by any one of these (the first is the requirement's name). */
  bins: string[];
  apt?: string;
  brew?: string;
  optional?: true;
}

const POPPLER = { apt: "poppler-utils", brew: "poppler" };
const FFMPEG: LibraryExecutables = { bins: ["ffmpeg"], apt: "ffmpeg", brew: "ffmpeg" };
const TESSERACT: LibraryExecutables = { bins: ["tesseract"], apt: "tesseract-ocr", brew: "tesseract" };
/** Playwright and Puppeteer download their own browser into a cache (`playwright install chromium`), off PATH. */
const BROWSER: LibraryExecutables = { bins: ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"], apt: "chromium", optional: true };

/** Python distributions (normalized names) -> what they run. */
const PYTHON: Readonly<Record<string, LibraryExecutables[]>> = {
  // pdf2image calls pdftoppm for pages and pdfinfo for the page count.
  pdf2image: [{ bins: ["pdftoppm"], ...POPPLER }, { bins: ["pdfinfo"], ...POPPLER }],
  pytesseract: [TESSERACT],
  ocrmypdf: [TESSERACT, { bins: ["gs"], apt: "ghostscript", brew: "ghostscript" }],
  "camelot-py": [{ bins: ["gs"], apt: "ghostscript", brew: "ghostscript" }],
  pydub: [FFMPEG],
  "ffmpeg-python": [FFMPEG],
  "openai-whisper": [FFMPEG],
  // moviepy runs the ffmpeg binary that imageio-ffmpeg ships unless told otherwise.
  moviepy: [{ ...FFMPEG, optional: true }],
  // yt-dlp needs ffmpeg only to merge separate audio and video streams.
  "yt-dlp": [{ ...FFMPEG, optional: true }],
  pypandoc: [{ bins: ["pandoc"], apt: "pandoc", brew: "pandoc" }],
  pdfkit: [{ bins: ["wkhtmltopdf"], apt: "wkhtmltopdf" }],
  imgkit: [{ bins: ["wkhtmltoimage"], apt: "wkhtmltopdf" }],
  // The `graphviz` package only writes DOT; rendering runs `dot`.
  graphviz: [{ bins: ["dot"], apt: "graphviz", brew: "graphviz" }],
  playwright: [BROWSER],
  selenium: [{ ...BROWSER, bins: [...BROWSER.bins, "firefox"] }],
};

/** npm packages -> what they run. */
const NODE: Readonly<Record<string, LibraryExecutables[]>> = {
  "fluent-ffmpeg": [FFMPEG],
  "pdf-poppler": [{ bins: ["pdftoppm"], ...POPPLER }],
  "node-poppler": [{ bins: ["pdftoppm"], ...POPPLER }],
  "node-tesseract-ocr": [TESSERACT],
  // pdf2pic renders through GraphicsMagick (or ImageMagick) and Ghostscript.
  pdf2pic: [{ bins: ["gm", "convert"], apt: "graphicsmagick", brew: "graphicsmagick" }, { bins: ["gs"], apt: "ghostscript", brew: "ghostscript" }],
  gm: [{ bins: ["gm", "convert"], apt: "graphicsmagick", brew: "graphicsmagick" }],
  "node-pandoc": [{ bins: ["pandoc"], apt: "pandoc", brew: "pandoc" }],
  playwright: [BROWSER],
  "@playwright/test": [BROWSER],
  "playwright-core": [BROWSER],
  puppeteer: [BROWSER],
  "puppeteer-core": [BROWSER],
};

/** The table, for the README and tests: `python:pdf2image` -> `pdftoppm, pdfinfo`. */
export const LIBRARY_EXECUTABLES: Readonly<Record<"python" | "node", Readonly<Record<string, LibraryExecutables[]>>>> = { python: PYTHON, node: NODE };

/**
 * Adds the executables the skill's libraries start, at the library's own origins (`scripts/x.py:3
 * via pdf2image`), optional when the library is optional or can do without; and, for a program
 * the skill cannot do without, the system package that provides it, so env/install.sh can install
 * it where apt or brew is permitted.
 */
export function addLibraryExecutables(requires: EnvRequires, set: RequirementSet): void {
  for (const kind of ["python", "node"] as const) {
    for (const lib of requires[kind]) {
      const key = kind === "python" ? normalizeDistribution(lib.name) : lib.name;
      for (const needs of LIBRARY_EXECUTABLES[kind][key] ?? []) addOne(lib, needs, set);
    }
  }
}

function addOne(lib: EnvRequirement, needs: LibraryExecutables, set: RequirementSet): void {
  const [name] = needs.bins;
  if (name === undefined) return;
  const optional = lib.optional || needs.optional === true;
  for (const from of lib.origins) {
    const origin = `${from} via ${lib.name}`;
    set.addRequirement({ kind: "bins", name, anyOf: needs.bins }, optional, origin);
    // An optional program is listed, never installed: env/install.sh installs what blocks a skill.
    if (optional) continue;
    const place = { origin: () => origin, optional: () => false };
    if (needs.apt !== undefined) set.addAll([{ type: "package", manager: "apt", name: needs.apt, bins: needs.bins, row: 0 }], place);
    if (needs.brew !== undefined) set.addAll([{ type: "package", manager: "brew", name: needs.brew, bins: needs.bins, row: 0 }], place);
  }
}
