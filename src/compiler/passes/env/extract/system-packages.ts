import { type Finding, binFinding } from "./finding.js";

/**
 * Executables that well-known system packages provide, the first being the one that proves the
 * package is there. Only the first becomes a bins requirement: some packages ship the rest
 * under other names on some platforms (Debian's ImageMagick 6 has `convert` but no `magick`).
 */
const APT_BINS: Readonly<Record<string, string[]>> = {
  "poppler-utils": ["pdftoppm", "pdftotext", "pdfinfo", "pdfimages"],
  libreoffice: ["soffice", "libreoffice"],
  "libreoffice-core": ["soffice"],
  "libreoffice-writer": ["soffice"],
  "libreoffice-calc": ["soffice"],
  "libreoffice-impress": ["soffice"],
  "tesseract-ocr": ["tesseract"],
  qpdf: ["qpdf"],
  pandoc: ["pandoc"],
  ffmpeg: ["ffmpeg", "ffprobe"],
  imagemagick: ["convert", "magick", "identify"],
  ghostscript: ["gs"],
  jq: ["jq"],
  git: ["git"],
  curl: ["curl"],
  wget: ["wget"],
  nodejs: ["node"],
  python3: ["python3"],
  ripgrep: ["rg"],
  "fd-find": ["fdfind"],
  sqlite3: ["sqlite3"],
  graphviz: ["dot"],
  "libimage-exiftool-perl": ["exiftool"],
  zip: ["zip"],
  unzip: ["unzip"],
  "p7zip-full": ["7z"],
  inkscape: ["inkscape"],
  "default-jre": ["java"],
  "default-jdk": ["java", "javac"],
  "golang-go": ["go"],
  "build-essential": ["gcc", "make"],
  chromium: ["chromium"],
  wkhtmltopdf: ["wkhtmltopdf"],
};

const BREW_BINS: Readonly<Record<string, string[]>> = {
  poppler: ["pdftoppm", "pdftotext", "pdfinfo", "pdfimages"],
  libreoffice: ["soffice"],
  tesseract: ["tesseract"],
  qpdf: ["qpdf"],
  pandoc: ["pandoc"],
  ffmpeg: ["ffmpeg", "ffprobe"],
  imagemagick: ["magick", "convert", "identify"],
  ghostscript: ["gs"],
  jq: ["jq"],
  git: ["git"],
  node: ["node"],
  python: ["python3"],
  python3: ["python3"],
  ripgrep: ["rg"],
  fd: ["fd"],
  graphviz: ["dot"],
  exiftool: ["exiftool"],
  gh: ["gh"],
  wget: ["wget"],
  sqlite: ["sqlite3"],
  p7zip: ["7z"],
  go: ["go"],
};

/** The executables a package is known to provide (empty when it is not in the tables). */
export function packageBins(manager: "apt" | "brew", name: string): string[] {
  // `homebrew/cask/libreoffice` is libreoffice; `python@3.12` is python.
  const base = name.slice(name.lastIndexOf("/") + 1).replace(/@[\d.]+$/, "");
  const table = manager === "apt" ? APT_BINS : BREW_BINS;
  return [...(table[base] ?? [])];
}

/** A package named on an install line: the package itself, and its primary executable as a bin. */
export function packageFindings(manager: "apt" | "brew", name: string, row: number): Finding[] {
  const bins = packageBins(manager, name);
  const found: Finding[] = [{ type: "package", manager, name, bins, row }];
  const primary = bins[0];
  if (primary !== undefined) found.push(binFinding(primary, row));
  return found;
}
