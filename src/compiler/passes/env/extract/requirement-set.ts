import type { EnvRequirement, EnvRequires, SystemPackage } from "../schema.js";
import type { Finding, PackageFinding, RequirementFinding, RequirementKind } from "./finding.js";
import { normalizeDistribution } from "./pep508.js";

/** Where a batch of findings came from: turns rows into origins and says which rows are optional. */
export interface Place {
  origin(row: number): string;
  /** True when the text around the row presents it as an alternative ("or use ...", "(optional)"). */
  optional(row: number): boolean;
}

interface Entry extends EnvRequirement {
  importGuessed: boolean;
}

/**
 * Merges every mention of a requirement into one entry per name: origins accumulate, and the
 * entry is optional only when every mention was optional.
 */
export class RequirementSet {
  private readonly entries: Record<RequirementKind, Map<string, Entry>> = {
    python: new Map(),
    node: new Map(),
    bins: new Map(),
    env: new Map(),
  };
  private readonly packages = new Map<string, SystemPackage>();

  addAll(findings: readonly Finding[], place: Place): void {
    for (const f of findings) {
      const optional = f.optional === true || place.optional(f.row);
      const origin = place.origin(f.row);
      if (f.type === "package") this.addPackage(f, origin);
      else this.addRequirement(f, optional, origin);
    }
  }

  addRequirement(f: Omit<RequirementFinding, "row" | "type">, optional: boolean, origin: string): void {
    const map = this.entries[f.kind];
    const key = f.kind === "python" ? normalizeDistribution(f.name) : f.name;
    const known = map.get(key);
    if (known === undefined) {
      const entry: Entry = { name: f.name, optional, origins: [origin], importGuessed: f.importGuessed === true };
      if (f.import !== undefined) entry.import = f.import;
      if (f.anyOf !== undefined && f.anyOf.length > 1) entry.anyOf = [...f.anyOf];
      map.set(key, entry);
      return;
    }
    known.optional &&= optional;
    if (!known.origins.includes(origin)) known.origins.push(origin);
    // An import read from code beats one derived from a distribution name.
    if (f.import !== undefined && (known.import === undefined || (known.importGuessed && f.importGuessed !== true))) {
      known.import = f.import;
      known.importGuessed = f.importGuessed === true;
    }
    // A declared alternative (OpenClaw anyBins, `python` for `python3`) widens what satisfies the name.
    if (f.anyOf !== undefined && f.anyOf.length > 1) known.anyOf = [...new Set([...(known.anyOf ?? [known.name]), ...f.anyOf])];
  }

  private addPackage(f: PackageFinding, origin: string): void {
    const key = `${f.manager}:${f.name}`;
    const known = this.packages.get(key);
    if (known === undefined) {
      this.packages.set(key, { manager: f.manager, name: f.name, bins: [...f.bins], origins: [origin] });
      return;
    }
    known.bins = [...new Set([...known.bins, ...f.bins])];
    if (!known.origins.includes(origin)) known.origins.push(origin);
  }

  build(): { requires: EnvRequires; systemPackages: SystemPackage[] } {
    const list = (kind: RequirementKind): EnvRequirement[] =>
      [...this.entries[kind].values()].sort(byName).map(({ importGuessed: _guessed, ...req }) => ({ ...req, origins: inLineOrder(req.origins) }));
    return {
      requires: { python: list("python"), node: list("node"), bins: list("bins"), env: list("env") },
      systemPackages: [...this.packages.values()].sort((a, b) => byName(a, b) || a.manager.localeCompare(b.manager)),
    };
  }
}

const byName = (a: { name: string }, b: { name: string }): number => {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Origins grouped by file in the order files were first seen, and by line within a file: the
 * scanners find calls after imports, comments after code, which is not how a reader looks.
 */
function inLineOrder(origins: readonly string[]): string[] {
  const split = (o: string): [string, number] => {
    const m = /^(.*):(\d+)$/.exec(o);
    return m === null ? [o, 0] : [m[1] ?? o, Number(m[2])];
  };
  const files = [...new Set(origins.map((o) => split(o)[0]))];
  return [...origins].sort((a, b) => {
    const [fa, la] = split(a);
    const [fb, lb] = split(b);
    return files.indexOf(fa) - files.indexOf(fb) || la - lb;
  });
}
