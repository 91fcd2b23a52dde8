import type { McpServer, ServerContext } from "@modelcontextprotocol/server";
import { log } from "../log.js";
import { ModelError, SamplingProvider, selectProfile, type ProfileLookup, type ProfileMapping, type ProfileSelection } from "../model/index.js";

/** How a server picks the capability profile of each session (see model/profile-selection.ts). */
export interface ProfileSettings {
  /** `serve --profile ID`. */
  flag?: string;
  mapping: ProfileMapping;
  lookup: ProfileLookup;
  /** How long the one sampling request that learns the host model may take (the host may ask its user). */
  samplingTimeoutMs: number;
}

/** A short question whose answer's `model` field is all that matters. */
const WHO_ARE_YOU = { system: "Answer with one word.", messages: [{ role: "user" as const, content: "Reply with the word OK." }], maxTokens: 8 };

/**
 * The profile of one MCP session: chosen from the flag, the client's name and, when the user
 * opted in and the client can sample, the host model's name, learned once from one sampling
 * answer sent related to the tool call that needs it.
 */
export class SessionProfile {
  private hostModel: string | undefined;
  private learnNote: string | undefined;
  private learning: Promise<void> | undefined;

  constructor(
    private readonly server: McpServer,
    private readonly settings: ProfileSettings | undefined,
  ) {}

  selection(): ProfileSelection & { hostModel?: string } {
    if (!this.settings) return { active: null, notes: [] };
    const clientName = this.server.server.getClientVersion()?.name;
    const selected = selectProfile({ flag: this.settings.flag, clientName, hostModel: this.hostModel }, this.settings.mapping, this.settings.lookup);
    const notes = this.learnNote ? [...selected.notes, this.learnNote] : selected.notes;
    return { ...selected, notes, ...(this.hostModel ? { hostModel: this.hostModel } : {}) };
  }

  /** One line for the server instructions, or nothing when no profile applies. */
  instructionsLine(): string | undefined {
    const { active } = this.selection();
    return active ? `Active capability profile: ${active.id} (model ${active.model}, harness ${active.harness}; chosen by ${active.because}).` : undefined;
  }

  /** Learns the host model's name once per session, if asked to; never fails the calling request. */
  async learnHostModel(extra: ServerContext): Promise<void> {
    if (!this.settings?.mapping.learnModelFromSampling || this.hostModel || this.learnNote) return;
    this.learning ??= this.askHost(extra).finally(() => (this.learning = undefined));
    await this.learning;
  }

  private async askHost(extra: ServerContext): Promise<void> {
    const sampling = new SamplingProvider({ server: this.server.server, relatedRequestId: extra.mcpReq.id, signal: extra.mcpReq.signal, timeoutMs: this.settings!.samplingTimeoutMs });
    try {
      this.hostModel = (await sampling.complete(WHO_ARE_YOU)).model;
      log.info({ hostModel: this.hostModel }, "learned the host model through sampling");
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      // A cancelled call may ask again next time; a refusal or no sampling is remembered.
      if (err.code !== "MODEL_ABORTED") this.learnNote = `the host model's name could not be learned: ${err.message}`;
    }
  }
}
