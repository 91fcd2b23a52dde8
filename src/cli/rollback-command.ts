import { dirname, resolve } from "node:path";
import { artifactDir, listVersions, readManifest, readPin, restoreVersion, KEPT_VERSIONS, VERSIONS_DIR, type ArtifactVersion, type Manifest } from "../compiler/index.js";
import { computeSourceHash } from "../skill/index.js";
import { usageError, type CatalogCommandOptions } from "./catalog-access.js";
import { resolveRoots } from "./paths.js";
import { renderTable } from "./table.js";

export interface RollbackOptions extends CatalogCommandOptions {
  /** The version to restore (default: the newest kept). */
  to?: number;
  /** Only list the versions kept. */
  list?: boolean;
}

/**
 * `skvm rollback SKILL [--to N] [--list]`: restores a previous compiled version of a skill, kept
 * in `compiled/<skill>/.versions/`. It reads and writes artifacts only (it never compiles: that
 * would overwrite what it restores) and never touches the skill's source. Exit 1 when there is
 * nothing to restore, 2 on bad input.
 */
export async function rollbackCommand(name: string, opts: RollbackOptions): Promise<number> {
  if (!/^[^./\\][^/\\]*$/.test(name)) return usageError("rollback", `SKILL_NAME_INVALID: "${name}" is not a skill name`);
  const compiled = resolveRoots(opts).compiled;
  const dir = artifactDir(compiled, name);
  const current = await readManifest(compiled, name).catch(() => undefined);
  if (!current) return usageError("rollback", `SKILL_NOT_FOUND: ${dir} holds no compiled skill "${name}" (hint: \`skvm compile\` it first, or pass --compiled)`);
  const versions = await listVersions(dir);
  if (opts.list) return printList(name, current, versions, await readPin(dir), opts.json);
  const target = opts.to === undefined ? versions[0] : versions.find((v) => v.n === opts.to);
  if (!target) {
    const kept = versions.map((v) => v.n).join(", ") || "none";
    process.stderr.write(`skvm rollback: VERSION_NOT_FOUND: ${name} has ${opts.to === undefined ? "no previous version" : `no version ${opts.to}`} (kept: ${kept}; the last ${KEPT_VERSIONS} are kept in ${dir}/${VERSIONS_DIR})\n`);
    return 1;
  }
  const source = resolve(dirname(compiled), current.skill.source);
  const sourceHash = await computeSourceHash(source).catch(() => undefined);
  if (!sourceHash) return usageError("rollback", `SOURCE_NOT_FOUND: ${source}, the source of "${name}", cannot be read (hint: pass the --compiled folder the skill was compiled into)`);
  const restored = await restoreVersion(dir, target.n, sourceHash);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ skill: name, restored: target.n, sourceHash: restored.skill.sourceHash, pinnedToSource: sourceHash }, null, 2)}\n`);
  } else {
    process.stdout.write(
      [
        `restored ${name} to version ${target.n} (compiled from ${short(restored.skill.sourceHash)}, "${restored.skill.description}")`,
        "It is served while the source stays as it is now; the next edit of the source compiles anew (so does `--force`).",
        "A running server (watching, the default) serves it at once; the version it replaced is kept too (`skvm rollback --list`).",
      ].join("\n") + "\n",
    );
  }
  return 0;
}

function printList(name: string, current: Manifest, versions: readonly ArtifactVersion[], pin: Awaited<ReturnType<typeof readPin>>, json?: boolean): number {
  if (json) {
    const entry = (m: Manifest) => ({ sourceHash: m.skill.sourceHash, description: m.skill.description, compiler: m.compiler.version });
    process.stdout.write(`${JSON.stringify({ skill: name, current: { ...entry(current), ...(pin ? { rolledBackTo: pin.version } : {}) }, versions: versions.map((v) => ({ n: v.n, savedAt: v.savedAt.toISOString(), ...entry(v.manifest) })) }, null, 2)}\n`);
    return 0;
  }
  const rows = [
    ["current", pin ? `(restored from ${pin.version})` : "", short(current.skill.sourceHash), current.skill.description],
    ...versions.map((v) => [String(v.n), v.savedAt.toISOString(), short(v.manifest.skill.sourceHash), v.manifest.skill.description]),
  ];
  const note = versions.length ? `restore one with: skvm rollback ${name} --to N` : "no previous version kept yet (one is kept each time a recompile replaces the artifact)";
  process.stdout.write(`${renderTable(["version", "replaced at", "source", "description"], rows.map((r) => r.map((c) => c.slice(0, 80))))}\n\n${note}\n`);
  return 0;
}

const short = (hash: string): string => hash.slice(0, 19);
