import { z } from "zod";

/** Why an install failed, read from what pip/npm/venv printed, and a next step that can work. */
export const InstallDiagnosis = z.object({
  cause: z.enum(["network", "permission", "system-package", "version-conflict", "not-found"]),
  /** The line of tool output that shows it. */
  evidence: z.string(),
  next: z.string(),
});
export type InstallDiagnosis = z.infer<typeof InstallDiagnosis>;

interface Rule {
  cause: InstallDiagnosis["cause"];
  pattern: RegExp;
  next: string;
}

// Ordered: a network failure also ends in pip's "No matching distribution found", so it comes first.
const RULES: readonly Rule[] = [
  {
    cause: "network",
    pattern:
      /Failed to establish a new connection|Temporary failure in name resolution|Name or service not known|Network is unreachable|No route to host|Connection refused|ConnectTimeoutError|Read timed out|ProxyError|CERTIFICATE_VERIFY_FAILED|SSLError|\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\b/,
    next:
      "the package index could not be reached from this machine. Check the network connection, or point the installer at a reachable index or proxy " +
      "in the environment the server runs in (PIP_INDEX_URL, npm_config_registry, HTTPS_PROXY), or install the package from a local file yourself, then check again",
  },
  {
    cause: "permission",
    pattern: /Permission denied|\bEACCES\b|\bEPERM\b|\[Errno 13\]|Read-only file system|\bEROFS\b/,
    next: "a folder the installer writes to is not writable: make it writable, or set SKVM_HOME to a folder you own (the virtualenv and npm prefix live there), then check again",
  },
  {
    cause: "system-package",
    pattern:
      /ensurepip is not available|No module named (venv|pip|ensurepip)|python3 is not on PATH|npm is not on PATH|command '[^']*(gcc|cc|g\+\+)' failed|(gcc|cc|make|g\+\+): (command )?not found|fatal error: [^\s]+\.h: No such file|pkg-config|Microsoft Visual C\+\+/,
    next:
      "a system tool or library the installer needs is missing (for Python virtualenvs on Debian/Ubuntu: `sudo apt-get install python3-venv`; " +
      "for packages built from source: a C compiler and the library's -dev package; npm needs Node.js). Install it with the system package manager, then check again",
  },
  {
    cause: "version-conflict",
    pattern: /ResolutionImpossible|conflicting dependencies|requires a different Python|Requires-Python|\bERESOLVE\b|\bEBADENGINE\b|from versions: (?!none)[^)]+\)/,
    next: "no version of the package fits this interpreter or the other packages; install a compatible version yourself (e.g. an older release pinned with ==) or use a Python/Node version the package supports",
  },
  {
    cause: "not-found",
    pattern: /from versions: none|No matching distribution found|\bE404\b|404 Not Found/,
    next: "the package index has no package of that name: the requirement may be misspelled or named differently on the index; install the right package yourself, then check again",
  },
];

/**
 * The most specific cause found in an install's output, or undefined when the output shows no
 * failure it recognizes. The evidence is the first line that matched, trimmed for display.
 */
export function diagnoseInstall(output: string): InstallDiagnosis | undefined {
  const lines = output.split("\n");
  for (const rule of RULES) {
    const line = lines.find((l) => rule.pattern.test(l));
    if (line) return { cause: rule.cause, evidence: around(line.trim(), rule.pattern), next: rule.next };
  }
  return undefined;
}

/** The part of a long line around what matched (pip's retry warnings run to 300 characters). */
function around(line: string, pattern: RegExp): string {
  if (line.length <= EVIDENCE_CHARS) return line;
  const at = Math.max(0, (pattern.exec(line)?.index ?? 0) - EVIDENCE_CHARS / 2);
  return `${at > 0 ? "…" : ""}${line.slice(at, at + EVIDENCE_CHARS)}…`;
}

const EVIDENCE_CHARS = 160;
