import { builtinModules } from "node:module";

const BUILTINS: ReadonlySet<string> = new Set(builtinModules);
const NPM_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;
/** Specifier schemes that never name an npm package: Node/Bun/Deno builtins, URLs, JSR. */
const FOREIGN_SCHEME = /^(node|bun|deno|jsr|data|file|https?|virtual):/;

/**
 * The npm package an import specifier loads (`@scope/pkg/sub` -> `@scope/pkg`, `lodash/fp` ->
 * `lodash`), or undefined for builtins (`fs`, `node:fs`, `fs/promises`), relative and absolute
 * paths, `#internal` subpath imports and URLs.
 */
export function packageOfSpecifier(specifier: string): string | undefined {
  let spec = specifier.trim();
  if (spec.startsWith("npm:")) spec = spec.slice(4);
  if (spec === "" || /^[./#~]/.test(spec) || FOREIGN_SCHEME.test(spec) || spec.includes("://")) return undefined;
  const parts = spec.split("/");
  const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? "");
  if (BUILTINS.has(spec) || BUILTINS.has(name) || !NPM_NAME.test(name)) return undefined;
  return name;
}

/**
 * The package an `npm install` argument names (`pdf-lib@^1.17`, `@scope/pkg@latest`), or undefined
 * for tarballs, git URLs, paths and other sources npm accepts.
 */
export function packageOfInstallArg(arg: string): string | undefined {
  if (/^(git\+|github:|gitlab:|bitbucket:|file:|https?:)/.test(arg) || /\.tgz$/.test(arg)) return undefined;
  const at = arg.indexOf("@", 1);
  const name = at > 0 ? arg.slice(0, at) : arg;
  // `user/repo` is a GitHub shorthand, not a package; `@scope/name` is.
  if (!name.startsWith("@") && name.includes("/")) return undefined;
  return packageOfSpecifier(name);
}
