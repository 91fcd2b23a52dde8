/** agentskills.io: a name is at most 64 characters. */
export const NAME_MAX = 64;

/**
 * A name as the spec allows it (lowercase letters, digits, single hyphens, at most 64): what
 * `PDF Tools`, `pdf_tools` and `Café--Menu` are served as. "" when nothing usable is left.
 */
export function normalizeName(raw: string): string {
  return raw
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, NAME_MAX)
    .replace(/-+$/, "");
}

/** agentskills.io: a description is at most 1024 characters. */
export const DESCRIPTION_MAX = 1024;
