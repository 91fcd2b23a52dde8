const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(.*)$/s;

/**
 * The distribution name of a PEP 508 requirement (`pandas[excel]>=2; python_version>"3.8"`,
 * `pkg @ https://...`), or undefined for anything that is not a named requirement: a path, a URL,
 * a wheel file, an option.
 */
export function distributionName(spec: string): string | undefined {
  const text = spec.trim();
  if (text === "" || text.startsWith("-") || text.startsWith(".") || text.startsWith("/")) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^git\+/.test(text)) return undefined;
  if (/\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/i.test(text)) return undefined;
  const m = NAME.exec(text);
  if (m === null) return undefined;
  const rest = m[2] ?? "";
  // What may follow a name: extras, a version clause, a marker, a direct URL, or nothing.
  if (rest !== "" && !/^[[(<>=!~;@,]/.test(rest)) return undefined;
  return m[1];
}

/** PEP 503: pip treats `PyYAML`, `pyyaml` and `py_yaml`-style spellings of a name as one. */
export const normalizeDistribution = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, "-");
