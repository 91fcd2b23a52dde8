/**
 * Parent variables a child may inherit. Everything else stays behind: API keys and tokens in the
 * server's environment must not leak to model-written code, and NODE_OPTIONS could inject code
 * into any node child (`--require`).
 */
export const ENV_ALLOWLIST = [
  'PATH',
  'HOME',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'USER',
  'SHELL',
  'TERM',
] as const;

/**
 * Set for every child (a request may still override): Python must not fall back to ASCII on a
 * pipe, nor write __pycache__ folders into the skill tree it imports from.
 */
export const ENV_FIXED: Readonly<Record<string, string>> = { PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' };

/**
 * The child's whole environment: the allowlisted part of `parent`, then ENV_FIXED, then `extra`.
 * `extra` is the caller's explicit choice, so it may set anything, NODE_OPTIONS included.
 */
export function childEnv(parent: NodeJS.ProcessEnv, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ENV_ALLOWLIST) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...ENV_FIXED, ...extra };
}
