import { type DialectCtx, readNames, shapeWarning } from "./dialect.js";
import { describe, isRecord } from "./shape.js";

const ENV_KEY = "required_environment_variables";
const PLATFORMS_KEY = "platforms";

/**
 * Reads the Hermes top-level fields: `required_environment_variables` (names, or
 * `{name, prompt?, optional?}`) and `platforms` (`macos`, `linux`, `windows`, mapped to Node's names).
 */
export function readHermes(data: Record<string, unknown>, ctx: DialectCtx): void {
  readEnv(data[ENV_KEY], ctx);
  for (const os of readNames(data[PLATFORMS_KEY], PLATFORMS_KEY, [PLATFORMS_KEY], ctx)) ctx.out.os(os);
}

function readEnv(value: unknown, ctx: DialectCtx): void {
  if (value === undefined || value === null) return;
  const list = Array.isArray(value) ? value : [value];
  list.forEach((entry, i) => {
    if (typeof entry === "string" && entry.trim() !== "") {
      ctx.out.env(entry.trim(), false, ENV_KEY);
      return;
    }
    if (isRecord(entry) && typeof entry.name === "string" && entry.name.trim() !== "") {
      ctx.out.env(entry.name.trim(), entry.optional === true, ENV_KEY);
      return;
    }
    shapeWarning(ctx, [ENV_KEY], `${ENV_KEY}[${i}] is ${describe(entry)}, not a name or {name, prompt?, optional?}; ignored`);
  });
}
