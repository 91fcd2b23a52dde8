import path from "node:path";
import mime from "mime-types";
import type { Diagnostic } from "./diagnostic.js";
import type { BundledFile } from "./ir.js";
import { scanFiles } from "./scan.js";
import { hashScanned } from "./source-hash.js";
import { walkSkill } from "./walk.js";

type FileKind = BundledFile["kind"];

const KIND_BY_TOP_FOLDER: Readonly<Record<string, FileKind>> = {
  scripts: "script",
  references: "reference",
  assets: "asset",
};
const SCRIPT_EXTENSIONS: ReadonlySet<string> = new Set([".py", ".sh", ".js", ".mjs", ".ts"]);

/** Text types the MIME database lacks or gets wrong for skills (`.ts` is MPEG-TS video there). */
const TEXT_TYPES: Readonly<Record<string, string>> = {
  ".md": "text/markdown",
  ".py": "text/x-python",
  ".ts": "text/typescript",
  ".mts": "text/typescript",
  ".cts": "text/typescript",
};

export function fileKind(rel: string): FileKind {
  const parts = rel.split("/");
  if (parts.length > 1) return KIND_BY_TOP_FOLDER[(parts[0] ?? "").toLowerCase()] ?? "other";
  return SCRIPT_EXTENSIONS.has(path.posix.extname(rel).toLowerCase()) ? "script" : "other";
}

export function mimeTypeOf(rel: string, binary: boolean): string {
  const ext = path.posix.extname(rel).toLowerCase();
  const text = binary ? undefined : TEXT_TYPES[ext];
  if (text !== undefined) return text;
  const known = mime.lookup(rel);
  if (known !== false) return known;
  return binary ? "application/octet-stream" : "text/plain";
}

/**
 * Files whose text passes read: code, the files that declare dependencies, and Markdown (the
 * references SKILL.md sends the model to, whose code blocks have needs of their own).
 */
const DEPENDENCY_FILES = /(^|\/)(requirements[^/]*\.txt|package\.json|pyproject\.toml)$/;
const CODE_EXTENSIONS: ReadonlySet<string> = new Set([".py", ".sh", ".bash", ".js", ".mjs", ".cjs", ".ts", ".md", ".markdown"]);

export const isSourceFile = (rel: string, kind: FileKind): boolean =>
  kind === "script" || DEPENDENCY_FILES.test(rel) || CODE_EXTENSIONS.has(path.posix.extname(rel).toLowerCase());

export interface Inventory {
  /** Every file but the entry file. */
  files: BundledFile[];
  /** Text of small source files (code and dependency manifests), by relative path. */
  sources: Record<string, string>;
  /** Over every file, the entry file included; equals computeSourceHash(dir). */
  sourceHash: string;
  diagnostics: Diagnostic[];
}

export async function takeInventory(dir: string, entry: string, show: (rel: string) => string): Promise<Inventory> {
  const walk = await walkSkill(dir, show);
  // Over a cap the skill is refused anyway; reading 200 MiB to say so would be waste.
  if (walk.diagnostics.some((d) => d.severity === "error")) return { files: [], sources: {}, sourceHash: "", diagnostics: walk.diagnostics };
  const scan = await scanFiles(walk.files, show);
  const files = scan.files
    .filter((f) => f.rel !== entry)
    .map((f): BundledFile => ({ path: f.rel, kind: fileKind(f.rel), size: f.size, mimeType: mimeTypeOf(f.rel, f.binary), binary: f.binary, digest: f.digest }));
  const sources = Object.fromEntries(
    scan.files.filter((f) => f.rel !== entry && f.text !== undefined && isSourceFile(f.rel, fileKind(f.rel))).map((f) => [f.rel, f.text ?? ""]),
  );
  return { files, sources, sourceHash: hashScanned(scan.files), diagnostics: [...walk.diagnostics, ...scan.diagnostics] };
}
