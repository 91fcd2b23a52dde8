import { createHash } from "node:crypto";
import type { Manifest } from "../compiler/manifest.js";
import { INSTALL_SCRIPT, VERIFY_SCRIPT } from "../compiler/passes/env/schema.js";
import { installScript, verifyScript } from "../compiler/passes/env/scripts/index.js";
import { absolutizePaths } from "../compiler/passes/paths/index.js";
import { Workflow, WORKFLOW_FILE } from "../compiler/passes/concurrency/schema.js";
import type { Patch } from "./patch.js";

/** A compiled skill in memory: what a patch reads and rewrites (files by artifact-relative path). */
export interface Artifact {
  manifest: Manifest;
  skillMd: string;
  files: Readonly<Record<string, string>>;
}

export type PatchOutcome = { applied: true; artifact: Artifact } | { applied: false; moot: string };

/** `sha256:` of a compiled SKILL.md: what an edit proposal was made against. */
export const skillMdDigest = (text: string): string => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/**
 * Applies the patches in order, each to what the ones before produced. A patch the artifact
 * makes moot (the source now does it, or what it patched is gone) is reported, not applied.
 * Pure: the caller reads and writes the files.
 */
export function applyPatches(artifact: Artifact, patches: readonly Patch[]): { artifact: Artifact; moot: { id: string; reason: string }[] } {
  let current = artifact;
  const moot: { id: string; reason: string }[] = [];
  const applied: string[] = [];
  for (const patch of patches) {
    if (patch.status === "moot") continue;
    const outcome = applyPatch(current, patch);
    if (!outcome.applied) {
      moot.push({ id: patch.id, reason: outcome.moot });
      continue;
    }
    current = outcome.artifact;
    applied.push(patch.id);
  }
  if (!applied.length) return { artifact: current, moot };
  return { artifact: { ...current, manifest: { ...current.manifest, patches: applied } }, moot };
}

export function applyPatch(artifact: Artifact, patch: Patch): PatchOutcome {
  switch (patch.kind) {
    case "require":
      return addRequirement(artifact, patch);
    case "absolute-path":
      return absolutePath(artifact, patch);
    case "param-type":
      return paramType(artifact, patch);
    case "node-timeout":
      return nodeTimeout(artifact, patch);
    case "edit":
      return edit(artifact, patch);
  }
}

function addRequirement(artifact: Artifact, patch: Extract<Patch, { kind: "require" }>): PatchOutcome {
  const env = artifact.manifest.env;
  if (!env) return { applied: false, moot: "the skill is compiled without the env pass" };
  const { kind, name } = patch.requirement;
  if (env.requires[kind].some((r) => r.name === name || r.anyOf?.includes(name))) return { applied: false, moot: `the source now declares ${kind} ${name}` };
  const requirement = { name, ...(patch.requirement.import ? { import: patch.requirement.import } : {}), optional: false, origins: [`patch ${patch.id}`] };
  const requires = { ...env.requires, [kind]: [...env.requires[kind], requirement] };
  return {
    applied: true,
    artifact: {
      ...artifact,
      manifest: { ...artifact.manifest, env: { ...env, requires } },
      files: { ...artifact.files, [VERIFY_SCRIPT]: verifyScript({ requires, os: env.os }), [INSTALL_SCRIPT]: installScript({ requires, systemPackages: env.systemPackages }) },
    },
  };
}

function absolutePath(artifact: Artifact, patch: Extract<Patch, { kind: "absolute-path" }>): PatchOutcome {
  if (!artifact.manifest.files.some((f) => f.path === patch.path)) return { applied: false, moot: `${patch.path} is no longer a bundled file` };
  const { frontmatter, body } = splitSkillMd(artifact.skillMd);
  const rewritten = absolutizePaths(body, new Set([patch.path]));
  if (rewritten === body) return { applied: false, moot: `SKILL.md no longer mentions ${patch.path} by a relative path` };
  return { applied: true, artifact: { ...artifact, skillMd: `${frontmatter}${rewritten}` } };
}

function paramType(artifact: Artifact, patch: Extract<Patch, { kind: "param-type" }>): PatchOutcome {
  const templates = artifact.manifest.templates ?? [];
  const template = templates.find((t) => t.id === patch.template);
  const param = template?.params.find((p) => p.name === patch.param);
  if (!template || !param) return { applied: false, moot: `template ${patch.template} has no parameter ${patch.param} any more` };
  if (param.type === patch.to) return { applied: false, moot: `${patch.template}.${patch.param} is already ${patch.to}` };
  const value = typeof param.default === "string" ? Number(param.default) : param.default;
  const fallback = patch.to === "boolean" ? Boolean(value) : Number.isFinite(value) ? value : 0;
  const params = template.params.map((p) => (p === param ? { ...p, type: patch.to, default: fallback as number | boolean } : p));
  const next = templates.map((t) => (t === template ? { ...t, params } : t));
  return { applied: true, artifact: { ...artifact, manifest: { ...artifact.manifest, templates: next } } };
}

function nodeTimeout(artifact: Artifact, patch: Extract<Patch, { kind: "node-timeout" }>): PatchOutcome {
  const text = artifact.files[WORKFLOW_FILE];
  const parsed = text === undefined ? undefined : Workflow.safeParse(JSON.parse(text));
  if (!parsed?.success) return { applied: false, moot: "the skill has no workflow any more" };
  const node = parsed.data.nodes.find((n) => n.id === patch.node);
  if (!node) return { applied: false, moot: `the workflow has no node ${patch.node} any more` };
  if ((node.timeoutMs ?? 0) >= patch.timeoutMs) return { applied: false, moot: `node ${patch.node} already allows ${node.timeoutMs} ms` };
  // The note replaces an earlier one: a node raised twice says so once.
  const title = (t: string) => `${t.replace(/ \(slow: [^)]*\)$/, "")} (${patch.note})`;
  const nodes = parsed.data.nodes.map((n) => (n === node ? { ...n, timeoutMs: patch.timeoutMs, title: title(n.title) } : n));
  return { applied: true, artifact: { ...artifact, files: { ...artifact.files, [WORKFLOW_FILE]: `${JSON.stringify({ ...parsed.data, nodes }, null, 2)}\n` } } };
}

function edit(artifact: Artifact, patch: Extract<Patch, { kind: "edit" }>): PatchOutcome {
  if (skillMdDigest(artifact.skillMd) !== patch.baseDigest) return { applied: false, moot: "the compiled SKILL.md it was proposed for has changed" };
  return { applied: true, artifact: { ...artifact, skillMd: patch.skillMd } };
}

/** The frontmatter block (kept verbatim) and the body of a compiled SKILL.md. */
export function splitSkillMd(text: string): { frontmatter: string; body: string } {
  const m = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text);
  return m ? { frontmatter: m[0], body: text.slice(m[0].length) } : { frontmatter: "", body: text };
}
