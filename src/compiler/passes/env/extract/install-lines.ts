import { parseArgs, optionValues } from "./command-options.js";
import { type Finding, nodeFinding } from "./finding.js";
import { packageOfInstallArg } from "./npm-package.js";
import { distributionName } from "./pep508.js";
import { distributionRequirement } from "./python-module.js";
import type { Word } from "./shell-words.js";
import { packageFindings } from "./system-packages.js";

const set = (...names: string[]): ReadonlySet<string> => new Set(names);

const PIP_VALUE_OPTIONS = set(
  "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url",
  "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--python", "-p", "--platform", "--src",
);
const NPM_VALUE_OPTIONS = set("--registry", "--prefix", "-w", "--workspace", "--cache", "--tag");
const NPX_VALUE_OPTIONS = set("-p", "--package", "-c", "--call", "--cache", "--registry");
const UVX_VALUE_OPTIONS = set("--from", "--with", "-p", "--python", "--index", "--index-url");
const APT_VALUE_OPTIONS = set("-o", "-c", "-t", "--target-release");

/**
 * Findings of an install or run-a-package line (`pip install`, `npm i`, `npx`, `uvx`, `apt-get
 * install`, `brew install`), or undefined when `name` is no package tool. The tool itself is not
 * a requirement: the line says what to install, and the install step picks how.
 */
export function installFindings(name: string, args: Word[], row: number): Finding[] | undefined {
  if (/^pip(3(\.\d+)?)?$/.test(name)) return args[0] === "install" ? pipInstall(args.slice(1), row) : [];
  switch (name) {
    case "uv":
      return uvLine(args, row);
    case "uvx":
      return runPython(args, row, "--from");
    case "pipx":
      if (args[0] === "run") return runPython(args.slice(1), row, "--spec");
      return args[0] === "install" ? pipInstall(args.slice(1), row) : [];
    case "npm":
    case "pnpm":
    case "yarn":
    case "bun":
      return nodeManagerLine(name, args, row);
    case "npx":
    case "bunx":
      return runNode(args, row);
    case "apt-get":
    case "apt":
    case "aptitude":
      return args.includes("install") ? systemInstall("apt", args, row) : [];
    case "brew":
      return args[0] === "install" || args[0] === "reinstall" ? systemInstall("brew", args.slice(1), row) : [];
    default:
      return undefined;
  }
}

/** `pip install a "b>=2" -r requirements.txt` (also reached from `python -m pip`). */
export function pipInstall(args: Word[], row: number): Finding[] {
  return parseArgs(args, PIP_VALUE_OPTIONS)
    .positionals.map((p) => (p === null ? undefined : distributionName(p)))
    .filter((d): d is string => d !== undefined)
    .map((d) => distributionRequirement(d, row));
}

function uvLine(args: Word[], row: number): Finding[] {
  const [sub, ...rest] = args;
  if (sub === "pip") return rest[0] === "install" ? pipInstall(rest.slice(1), row) : [];
  if (sub === "add") return pipInstall(rest, row);
  if (sub === "tool" && rest[0] === "install") return pipInstall(rest.slice(1), row);
  if (sub === "tool" && rest[0] === "run") return runPython(rest.slice(1), row, "--from");
  // `uv run --with pkg script.py` runs with extra packages; uv itself must be there.
  const withs = sub === "run" ? optionValues(parseArgs(rest, UVX_VALUE_OPTIONS, true), "--with") : [];
  return [...withs.flatMap((w) => pipInstall([w], row)), { type: "requirement", kind: "bins", name: "uv", row }];
}

/** `uvx [--from pkg] tool@1.2 args`, `pipx run [--spec pkg] tool`: the tool's distribution. */
function runPython(args: Word[], row: number, fromOption: string): Finding[] {
  const parsed = parseArgs(args, new Set([...UVX_VALUE_OPTIONS, fromOption]), true);
  const from = optionValues(parsed, fromOption)[0];
  const tool = parsed.positionals[0];
  const spec = from ?? (typeof tool === "string" ? tool.replace(/@[^@]*$/, "") : undefined);
  const dist = spec === undefined ? undefined : distributionName(spec);
  return dist === undefined ? [] : [distributionRequirement(dist, row)];
}

const NODE_INSTALL: Readonly<Record<string, ReadonlySet<string>>> = {
  npm: set("install", "i", "add", "in", "isntall"),
  pnpm: set("add", "install", "i"),
  yarn: set("add"),
  bun: set("add", "install", "i"),
};
const NODE_RUN: Readonly<Record<string, ReadonlySet<string>>> = {
  npm: set("exec", "x"),
  pnpm: set("dlx"),
  yarn: set("dlx"),
  bun: set("x"),
};

function nodeManagerLine(tool: string, args: Word[], row: number): Finding[] {
  // `yarn global add x` installs like `yarn add x`.
  const words = tool === "yarn" && args[0] === "global" ? args.slice(1) : args;
  const sub = words[0] ?? null;
  if (sub !== null && NODE_INSTALL[tool]?.has(sub)) return nodeInstall(words.slice(1), row);
  if (sub !== null && NODE_RUN[tool]?.has(sub)) return runNode(words.slice(1), row);
  // `npm run build`, `pnpm test`: the package manager is a tool the skill runs.
  return [{ type: "requirement", kind: "bins", name: tool, row }];
}

/** `npm install -g pdf-lib@1 @scope/x`; without names it installs package.json, read elsewhere. */
function nodeInstall(args: Word[], row: number): Finding[] {
  return parseArgs(args, NPM_VALUE_OPTIONS)
    .positionals.map((p) => (p === null ? undefined : packageOfInstallArg(p)))
    .filter((p): p is string => p !== undefined)
    .map((p) => nodeFinding(p, row));
}

/** `npx -y pkg@1 args`, `npx -p pkg cmd`: the package to fetch, never a bin on PATH. */
function runNode(args: Word[], row: number): Finding[] {
  const parsed = parseArgs(args, NPX_VALUE_OPTIONS, true);
  const named = optionValues(parsed, "-p", "--package");
  const first = parsed.positionals[0];
  const specs = named.length > 0 ? named : typeof first === "string" ? [first] : [];
  return specs
    .map(packageOfInstallArg)
    .filter((p): p is string => p !== undefined)
    .map((p) => nodeFinding(p, row));
}

/** `apt-get install -y --no-install-recommends a b=1.2`, `brew install --cask x`. */
function systemInstall(manager: "apt" | "brew", args: Word[], row: number): Finding[] {
  return parseArgs(args, APT_VALUE_OPTIONS)
    .positionals.filter((p): p is string => p !== null && p !== "install")
    .map((p) => p.replace(/[=:].*$/, ""))
    .filter((p) => /^[a-z0-9][\w.+@/-]*$/i.test(p) && !p.startsWith("/") && !/\.deb$/.test(p))
    .flatMap((p) => packageFindings(manager, p, row));
}
