import { type RequirementFinding, binFinding } from "./finding.js";
import { soundsOptional } from "./optional-context.js";

/**
 * Executables that `compatibility` text names in words ("Requires python3", "needs ffmpeg and
 * pandoc", "Node.js 20+"). Only names that are not ordinary English words: "make", "go" or
 * "convert" in a sentence mean something else too often.
 */
const TOOLS: readonly [RegExp, string, string[]?][] = [
  [/\bpython\s*3(?:\.\d+)*\b|\bpython\b/i, "python3"],
  [/\bnode(?:\.?js)?\b/i, "node"],
  [/\bbash\b/i, "bash"],
  [/\bzsh\b/i, "zsh"],
  [/\bgit\b/i, "git"],
  [/\bffmpeg\b/i, "ffmpeg"],
  [/\bffprobe\b/i, "ffprobe"],
  [/\bpandoc\b/i, "pandoc"],
  [/\bdocker\b/i, "docker"],
  [/\bjq\b/i, "jq"],
  [/\byq\b/i, "yq"],
  [/\bcurl\b/i, "curl"],
  [/\bwget\b/i, "wget"],
  [/\bqpdf\b/i, "qpdf"],
  [/\btesseract\b/i, "tesseract"],
  [/\blibre\s?office\b|\bsoffice\b/i, "soffice", ["soffice", "libreoffice"]],
  [/\bimage\s?magick\b/i, "magick", ["magick", "convert"]],
  [/\bghostscript\b/i, "gs"],
  [/\bpoppler(?:-utils)?\b|\bpdftoppm\b/i, "pdftoppm"],
  [/\bpdftotext\b/i, "pdftotext"],
  [/\bjava\b/i, "java"],
  [/\bdeno\b/i, "deno"],
  [/\bbun\b/i, "bun"],
  [/\buv\b/i, "uv"],
  [/\bnpm\b/i, "npm"],
  [/\bpnpm\b/i, "pnpm"],
  [/\bruby\b/i, "ruby"],
  [/\bperl\b/i, "perl"],
  [/\brustc\b|\bcargo\b/i, "cargo"],
  [/\bgolang\b/i, "go"],
  [/\bgh\b|\bgithub cli\b/i, "gh"],
  [/\bkubectl\b/i, "kubectl"],
  [/\bterraform\b/i, "terraform"],
  [/\bgcloud\b/i, "gcloud"],
  [/\bsqlite3\b/i, "sqlite3"],
  [/\bpsql\b/i, "psql"],
  [/\bripgrep\b|\brg\b/, "rg"],
  [/\bexiftool\b/i, "exiftool"],
  [/\binkscape\b/i, "inkscape"],
  [/\bgraphviz\b/i, "dot"],
  [/\bchromium\b|\bgoogle chrome\b/i, "chromium", ["chromium", "google-chrome", "chrome"]],
  [/\bplaywright\b/i, "playwright"],
];

/**
 * Bins named in free-text `compatibility`. A clause (split at `.`, `;`, newlines) that calls its
 * tool optional ("optional: pandoc for DOCX output") makes that mention optional.
 */
export function compatibilityFindings(text: string): RequirementFinding[] {
  const found: RequirementFinding[] = [];
  for (const clause of text.split(/[;\n]|\.(?=\s|$)/)) {
    const optional = soundsOptional(clause);
    for (const [pattern, name, anyOf] of TOOLS) {
      if (!pattern.test(clause)) continue;
      const f = binFinding(name, 0, anyOf);
      found.push(optional ? { ...f, optional } : f);
    }
  }
  return found;
}
