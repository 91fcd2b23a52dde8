/** The four kinds of `EnvRequires`. */
export type RequirementKind = "python" | "node" | "bins" | "env";

/**
 * One thing a scanner noticed, at a 0-based row of the text it read. The caller knows which file
 * or code block that text came from and turns the row into an origin (`scripts/x.py:3`).
 */
export interface RequirementFinding {
  type: "requirement";
  kind: RequirementKind;
  name: string;
  import?: string;
  /** The import name was derived from the distribution name, not read from an import statement. */
  importGuessed?: boolean;
  anyOf?: string[];
  row: number;
  /** Set by scanners that see optionality in the code itself (imports in `try/except ImportError`). */
  optional?: boolean;
}

export interface PackageFinding {
  type: "package";
  manager: "apt" | "brew";
  name: string;
  bins: string[];
  row: number;
  optional?: boolean;
}

export type Finding = RequirementFinding | PackageFinding;

export const binFinding = (name: string, row: number, anyOf?: string[]): RequirementFinding =>
  anyOf === undefined ? { type: "requirement", kind: "bins", name, row } : { type: "requirement", kind: "bins", name, anyOf, row };

export const nodeFinding = (name: string, row: number): RequirementFinding => ({ type: "requirement", kind: "node", name, import: name, row });

/** Marks findings optional (an alternative); never turns an optional one back into core. */
export const asOptional = (findings: Finding[], optional: boolean): Finding[] =>
  optional ? findings.map((f) => ({ ...f, optional: true })) : findings;

/** Moves findings from embedded text (a `bash -c` string) to the row of the line that embeds it. */
export const atRow = (findings: Finding[], row: number): Finding[] => findings.map((f) => ({ ...f, row }));
