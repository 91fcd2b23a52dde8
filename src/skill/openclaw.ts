import { parseObjectText } from "./object-text.js";
import { type DialectCtx, readNames, shapeWarning } from "./dialect.js";
import { describe, isRecord } from "./shape.js";

/** OpenClaw renamed itself twice; skills in the wild use all three keys, sometimes together. */
// `moltbot` was an interim name of OpenClaw; registry skills still use it.
const ALIASES = ["openclaw", "clawdbot", "clawdis", "moltbot"] as const;

/** The field naming what an installer installs, by preference; `brew` uses formula (or cask), `go` module. */
const PACKAGE_FIELDS = ["formula", "cask", "package", "module", "url", "id"] as const;

/**
 * Reads `metadata.openclaw` (or an alias): an object, or a string of one-line JSON / JSON5.
 * `requires.config` names OpenClaw settings, not something a machine can lack, and is ignored.
 */
export function readOpenClaw(metadata: Record<string, unknown> | undefined, ctx: DialectCtx): void {
  if (metadata === undefined) return;
  for (const alias of ALIASES) {
    const raw = metadata[alias];
    if (raw === undefined || raw === null) continue;
    const origin = `metadata.${alias}`;
    const path = ["metadata", alias];
    const spec = typeof raw === "string" ? parseObjectText(raw) : raw;
    if (!isRecord(spec)) {
      shapeWarning(ctx, path, `${origin} is ${describe(raw)}, not an object (or JSON/JSON5 text of one); ignored`);
      continue;
    }
    readRequires(spec.requires, origin, path, ctx);
    for (const os of readNames(spec.os, `${origin}.os`, [...path, "os"], ctx)) ctx.out.os(os);
    readInstall(spec.install, origin, path, ctx);
  }
}

function readRequires(requires: unknown, origin: string, path: string[], ctx: DialectCtx): void {
  if (requires === undefined || requires === null) return;
  const at = [...path, "requires"];
  if (!isRecord(requires)) {
    shapeWarning(ctx, at, `${origin}.requires is ${describe(requires)}, not an object; ignored`);
    return;
  }
  const bins = `${origin}.requires.bins`;
  for (const name of readNames(requires.bins, bins, [...at, "bins"], ctx)) ctx.out.bin(name, bins);
  const anyBins = `${origin}.requires.anyBins`;
  ctx.out.anyBins(readNames(requires.anyBins, anyBins, [...at, "anyBins"], ctx), anyBins);
  const env = `${origin}.requires.env`;
  for (const name of readNames(requires.env, env, [...at, "env"], ctx)) ctx.out.env(name, false, env);
}

function readInstall(install: unknown, origin: string, path: string[], ctx: DialectCtx): void {
  if (install === undefined || install === null) return;
  const at = [...path, "install"];
  const list = Array.isArray(install) ? install : [install];
  list.forEach((entry, i) => {
    const where = `${origin}.install[${i}]`;
    if (!isRecord(entry) || typeof entry.kind !== "string" || entry.kind.trim() === "") {
      shapeWarning(ctx, at, `${where} needs a string "kind" (brew, node, go, uv, download); ignored`);
      return;
    }
    const field = PACKAGE_FIELDS.find((f) => typeof entry[f] === "string" && entry[f] !== "");
    const item: Parameters<DialectCtx["out"]["install"]>[0] = {
      kind: entry.kind.trim(),
      bins: readNames(entry.bins, `${where}.bins`, at, ctx),
      origin: where,
    };
    if (field !== undefined) item.package = String(entry[field]);
    ctx.out.install(item);
  });
}
