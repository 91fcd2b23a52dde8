import { createScriptedProvider, ScriptError } from "../model/scripted.js";
import type { ModelProvider } from "../model/provider.js";
import { ProfileError } from "./profile-error.js";

export interface ProviderFlags {
  provider?: string;
  model?: string;
  baseUrl?: string;
  script?: string;
}

/**
 * Resolves `--provider` for `skvm profile`. Only the scripted provider lives here; the network
 * providers (OpenAI-compatible, Anthropic, sampling) come from src/model's createProvider once
 * it lands, which takes the same flags (model and base URL pass through).
 */
export async function resolveProvider(flags: ProviderFlags): Promise<ModelProvider> {
  const kind = flags.provider ?? process.env.SKVM_PROVIDER;
  if (kind === "scripted") {
    if (!flags.script) throw new ProfileError("PROFILE_BAD_OPTION", "--provider scripted needs --script FILE", "give a JSON or YAML file of scripted answers");
    try {
      return await createScriptedProvider(flags.script, { model: flags.model });
    } catch (err) {
      if (err instanceof ScriptError) throw new ProfileError("PROFILE_BAD_OPTION", err.message, err.hint);
      throw err;
    }
  }
  throw new ProfileError(
    "PROFILE_BAD_OPTION",
    kind ? `provider "${kind}" is not available in this build` : "no provider given",
    "use --provider scripted --script FILE (the network providers arrive with src/model's createProvider)",
  );
}
