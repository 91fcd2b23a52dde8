import { inputRequired, inputResponse, type InputRequiredResult, type McpServer, type ServerContext } from "@modelcontextprotocol/server";
import { log } from "../log.js";
import { clientCapabilities, clientInfo, isModernRequest } from "./protocol/client-identity.js";
// The parts a session needs, not the model folder's face, which loads every provider at server start.
import { ModelError } from "../model/model-error.js";
import { selectProfile, type ProfileLookup, type ProfileMapping, type ProfileSelection } from "../model/profile-selection.js";
import { SamplingProvider, samplingParams } from "../model/sampling.js";
import type { LoweringProfile } from "../compiler/lowering/index.js";

/** How a server picks the capability profile of each session (see model/profile-selection.ts). */
export interface ProfileSettings {
  /** `serve --profile ID`. */
  flag?: string;
  mapping: ProfileMapping;
  lookup: ProfileLookup;
  /** How long the one sampling request that learns the host model may take (the host may ask its user). */
  samplingTimeoutMs: number;
  /** A profile's levels by id, which select the variant a session is served; none: the base is served. */
  levels?: (id: string) => LoweringProfile["capabilities"] | undefined;
}

/** The key of the question among a call's input requests, and the state saying it was asked. */
const HOST_MODEL = "hostModel";
const ASKED = "asked:hostModel";
type LearnedInBand = { hostModel?: string; note?: string };
/** Per client name and version: 2026-07-28 requests each get a fresh instance, so it lives here. */
const LEARNED_IN_BAND = new Map<string, LearnedInBand>();

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
  private readonly listeners = new Set<() => void>();

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

  /** Hears each time the profile may have changed: the client became known, the host model was learned. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when something selection reads is newly known (the initialize hook calls it for clientInfo). */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** The active profile with its levels, when there is one whose levels are known: what selects variants. */
  loweringProfile(): LoweringProfile | undefined {
    const id = this.selection().active?.id;
    const capabilities = id === undefined ? undefined : this.settings?.levels?.(id);
    return id === undefined || !capabilities ? undefined : { id, capabilities };
  }

  /** One line for the server instructions, or nothing when no profile applies. */
  instructionsLine(): string | undefined {
    const { active } = this.selection();
    return active ? `Active capability profile: ${active.id} (model ${active.model}, harness ${active.harness}; chosen by ${active.because}).` : undefined;
  }

  /**
   * Learns the host model's name once per session, if asked to; never fails the calling request.
   * A 2026-07-28 request has no session and no server-to-client requests: the question is the
   * call's InputRequiredResult (returned for the caller to answer with), and what was learned
   * is kept per client for this process, since every such request has a fresh instance.
   */
  async learnHostModel(ctx: ServerContext): Promise<InputRequiredResult | undefined> {
    if (!this.settings?.mapping.learnModelFromSampling || this.hostModel || this.learnNote) return undefined;
    if (isModernRequest(ctx)) return this.askHostInBand(ctx);
    this.learning ??= this.askHost(ctx).finally(() => (this.learning = undefined));
    await this.learning;
    return undefined;
  }

  private askHostInBand(ctx: ServerContext): InputRequiredResult | undefined {
    const client = clientInfo(this.server, ctx);
    const key = `${client?.name ?? ""}@${client?.version ?? ""}`;
    const learned = LEARNED_IN_BAND.get(key) ?? this.learnInBand(ctx, client?.name ?? "the client");
    if (!learned) return inputRequired({ inputRequests: { [HOST_MODEL]: inputRequired.createMessage(samplingParams(WHO_ARE_YOU)) }, requestState: ASKED });
    LEARNED_IN_BAND.set(key, learned);
    this.hostModel = learned.hostModel;
    this.learnNote = learned.note;
    return undefined;
  }

  /** What this round tells: the answer, that there will be none, or nothing yet (ask). */
  private learnInBand(ctx: ServerContext, client: string): LearnedInBand | undefined {
    if (!clientCapabilities(this.server, ctx)?.sampling) return { note: `the host model's name could not be learned: MCP sampling is not available: ${client} did not declare the sampling capability` };
    const answer = inputResponse(ctx.mcpReq.inputResponses, HOST_MODEL);
    if (answer.kind === "sampling") {
      log.info({ hostModel: answer.result.model }, "learned the host model through sampling (in-band)");
      return { hostModel: answer.result.model };
    }
    if (ctx.mcpReq.requestState() === ASKED) return { note: `the host model's name could not be learned: ${client} answered without a sampling result` };
    return undefined;
  }

  private async askHost(extra: ServerContext): Promise<void> {
    const sampling = new SamplingProvider({ server: this.server.server, relatedRequestId: extra.mcpReq.id, signal: extra.mcpReq.signal, timeoutMs: this.settings!.samplingTimeoutMs });
    try {
      this.hostModel = (await sampling.complete(WHO_ARE_YOU)).model;
      log.info({ hostModel: this.hostModel }, "learned the host model through sampling");
      this.changed();
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      // A cancelled call may ask again next time; a refusal or no sampling is remembered.
      if (err.code !== "MODEL_ABORTED") this.learnNote = `the host model's name could not be learned: ${err.message}`;
    }
  }
}
