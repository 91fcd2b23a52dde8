import { createProvider, resolveModelConfig, type ModelProvider } from "../model/index.js";
import { createScriptedProvider, ScriptError } from "../model/scripted.js";
import { ProfileError } from "./profile-error.js";

export interface ProviderFlags {
  provider?: string;
  model?: string;
  baseUrl?: string;
  script?: string;
}

/**
 * Resolves `--provider` for `skvm profile`: the scripted provider from its file, every other kind
 * through the model configuration (flags over env over the config file), metered for cost.
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
  // A ModelError (bad key, unknown provider, no model) carries its own code and hint.
  return createProvider(resolveModelConfig({ provider: flags.provider, model: flags.model, baseUrl: flags.baseUrl }));
}
