import type { Node } from "web-tree-sitter";
import type { Finding } from "./finding.js";
import { packageJson } from "./package-json.js";
import { requirementsTxt } from "./requirements-txt.js";

/** The dependency manifests a script can write, and how to read each one's text. */
const MANIFESTS: readonly { file: RegExp; read: (text: string) => Finding[] }[] = [
  { file: /^requirements[^/]*\.txt$/i, read: requirementsTxt },
  { file: /^package\.json$/, read: packageJsonOrNothing },
];

/**
 * Dependencies in manifests a shell script writes itself (`cat > requirements.txt <<'EOF'`,
 * `tee package.json <<EOF`) before it installs them: what that install brings is what the skill
 * needs. Rows land on the heredoc's own lines.
 */
export function heredocManifests(root: Node): Finding[] {
  const found: Finding[] = [];
  for (const statement of root.descendantsOfType("redirected_statement")) {
    if (statement === null) continue;
    const body = statement.descendantsOfType("heredoc_body")[0];
    const target = body == null ? undefined : writtenFile(statement);
    const manifest = target === undefined ? undefined : MANIFESTS.find((m) => m.file.test(target));
    if (body == null || manifest === undefined) continue;
    const offset = body.startPosition.row;
    found.push(...manifest.read(body.text).map((f) => ({ ...f, row: f.row + offset })));
  }
  return found;
}

/** The base name of the file a heredoc goes to: a `>` / `>>` redirect, or `tee`'s argument. */
function writtenFile(statement: Node): string | undefined {
  const redirect = statement.childrenForFieldName("redirect").find((r) => r?.type === "file_redirect");
  const command = statement.childForFieldName("body");
  const teeArg = command?.childForFieldName("name")?.text === "tee" ? command.childrenForFieldName("argument").find((a) => a !== null && !a.text.startsWith("-")) : undefined;
  const target = teeArg ?? redirect?.childForFieldName("destination");
  if (target == null) return undefined;
  const path = target.text.replace(/["']/g, "");
  return path.slice(path.lastIndexOf("/") + 1);
}

/** A package.json still being templated (`"version": "$V"`) may not be JSON: then it names nothing. */
function packageJsonOrNothing(text: string): Finding[] {
  try {
    return packageJson(text);
  } catch {
    return [];
  }
}
