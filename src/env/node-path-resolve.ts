import { createRequire } from "node:module";
import { delimiter } from "node:path";
import { pathToFileURL } from "node:url";

type NextResolve = (specifier: string, context: unknown) => Promise<{ url: string; format?: string | null; shortCircuit?: boolean }>;

const require = createRequire(import.meta.url);

/**
 * A module resolve hook: a bare specifier Node's ES resolver cannot find is looked up in the
 * NODE_PATH folders, as CommonJS `require` would. Everything else resolves as usual.
 */
export async function resolve(specifier: string, context: unknown, next: NextResolve): ReturnType<NextResolve> {
  try {
    return await next(specifier, context);
  } catch (err) {
    const bare = !/^(\.|\/|[A-Za-z][A-Za-z0-9+.-]*:)/.test(specifier);
    if ((err as { code?: string }).code !== "ERR_MODULE_NOT_FOUND" || !bare) throw err;
    const paths = (process.env.NODE_PATH ?? "").split(delimiter).filter(Boolean);
    for (const dir of paths) {
      try {
        return { url: pathToFileURL(require.resolve(specifier, { paths: [dir] })).href, shortCircuit: true };
      } catch {
        // Not in this folder: try the next.
      }
    }
    throw err;
  }
}
