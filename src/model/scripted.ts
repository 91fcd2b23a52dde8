import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { ChatMessage, Completion, CompletionRequest, ModelProvider } from "./provider.js";

// The scripted provider: a model whose answers come from a file. It makes every part of the
// system that talks to a model runnable and testable without one, and reproduces recorded runs.

export const ScriptedToolCall = z.strictObject({
  name: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()).default({}),
});

export const ScriptedTurnSchema = z.strictObject({
  text: z.string().default(""),
  toolCalls: z.array(ScriptedToolCall).default([]),
});
/** One reply as authored (text and toolCalls both optional). */
export type ScriptedTurn = z.input<typeof ScriptedTurnSchema>;

const Rule = z
  .strictObject({
    /** Regex tested against the last user message; absent: the rule is used in order. */
    match: z.string().optional(),
    flags: z.string().regex(/^[imsu]*$/, "only i, m, s and u make sense here").optional(),
    /** Replies for successive turns of one conversation (after each tool result, the next). */
    turns: z.array(ScriptedTurnSchema).min(1).optional(),
    /** Shorthand for a one-turn rule. */
    text: z.string().optional(),
    toolCalls: z.array(ScriptedToolCall).optional(),
  })
  .refine((r) => r.turns || r.text !== undefined || r.toolCalls, "a rule needs turns, text or toolCalls");

export const ScriptFile = z.strictObject({
  /** The model name answers carry (default "scripted"). */
  model: z.string().min(1).optional(),
  /** Whether the provider accepts tools; false plays a model without function calling. */
  supportsTools: z.boolean().default(true),
  /** Wait this long before each answer (for tests of interruption and progress). */
  delayMs: z.number().int().nonnegative().max(60_000).default(0),
  rules: z.array(Rule).default([]),
  /** The reply when no rule applies; absent, such a request is an error. */
  fallback: ScriptedTurnSchema.optional(),
});
export type ScriptFile = z.infer<typeof ScriptFile>;

export type ScriptErrorCode = "SCRIPT_UNREADABLE" | "SCRIPT_INVALID" | "SCRIPT_NO_MATCH";

export class ScriptError extends Error {
  constructor(
    readonly code: ScriptErrorCode,
    detail: string,
    readonly hint: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "ScriptError";
  }
}

type Turn = z.infer<typeof ScriptedTurnSchema>;
interface CompiledRule {
  match?: RegExp;
  turns: Turn[];
}

/** Reads and validates a script file (JSON or YAML; a bare list is the rules). */
export async function loadScript(path: string): Promise<ScriptFile> {
  let raw: unknown;
  try {
    const text = await readFile(path, "utf8");
    raw = path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ScriptError("SCRIPT_UNREADABLE", `${path}: ${(err as Error).message}`, "give a JSON or YAML file with { rules: [...] }");
  }
  const parsed = ScriptFile.safeParse(Array.isArray(raw) ? { rules: raw } : raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "(file)";
  throw new ScriptError("SCRIPT_INVALID", `${path}: ${field}: ${issue?.message}`, "see ScriptFile in src/model/scripted.ts for the fields");
}

export async function createScriptedProvider(path: string, opts: { model?: string } = {}): Promise<ModelProvider> {
  return new ScriptedProvider(await loadScript(path), path, opts.model);
}

/**
 * Picks a rule by the last user message (pattern rules first, then the next unused in-order rule,
 * remembered per conversation) and answers with the rule's turn for this point of the conversation.
 * Stateless for pattern rules, so concurrent conversations never disturb each other.
 */
export class ScriptedProvider implements ModelProvider {
  readonly kind = "scripted";
  readonly model: string;
  readonly supportsTools: boolean;
  private readonly patterned: CompiledRule[];
  private readonly ordered: CompiledRule[];
  private readonly assigned = new Map<string, CompiledRule>();
  private nextOrdered = 0;

  constructor(
    private readonly script: ScriptFile,
    private readonly source = "(script)",
    model?: string,
  ) {
    this.model = model ?? script.model ?? "scripted";
    this.supportsTools = script.supportsTools;
    const rules = script.rules.map((r, i) => compileRule(r, i, source));
    this.patterned = rules.filter((r) => r.match);
    this.ordered = rules.filter((r) => !r.match);
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const { prompt, turnIndex } = conversationPoint(request.messages);
    const rule = this.ruleFor(prompt, turnIndex);
    const turn = rule ? (rule.turns[turnIndex] ?? { text: "", toolCalls: [] }) : this.script.fallback;
    if (!turn) {
      throw new ScriptError("SCRIPT_NO_MATCH", `${this.source}: no rule matches the prompt ${JSON.stringify(prompt.slice(0, 80))}`, "add a rule whose match fits it, or a fallback reply");
    }
    if (this.script.delayMs) await sleep(this.script.delayMs, request.signal);
    request.signal?.throwIfAborted();
    const toolCalls = this.supportsTools && request.tools ? turn.toolCalls.map((c, i) => ({ id: `call_${turnIndex}_${i}`, name: c.name, arguments: c.arguments })) : [];
    return {
      text: turn.text,
      toolCalls,
      usage: await countUsage(request, turn.text, toolCalls),
      model: this.model,
      stopReason: toolCalls.length ? "tool_use" : "end",
    };
  }

  private ruleFor(prompt: string, turnIndex: number): CompiledRule | undefined {
    const patterned = this.patterned.find((r) => r.match?.test(prompt));
    if (patterned) return patterned;
    const known = this.assigned.get(prompt);
    if (known && turnIndex > 0) return known;
    const next = this.ordered[this.nextOrdered];
    if (!next) return undefined;
    this.nextOrdered++;
    this.assigned.set(prompt, next);
    return next;
  }
}

function compileRule(rule: z.infer<typeof Rule>, index: number, source: string): CompiledRule {
  const turns = rule.turns ?? [{ text: rule.text ?? "", toolCalls: rule.toolCalls ?? [] }];
  if (rule.match === undefined) return { turns };
  try {
    return { match: new RegExp(rule.match, rule.flags), turns };
  } catch (err) {
    throw new ScriptError("SCRIPT_INVALID", `${source}: rules.${index}.match: ${(err as Error).message}`, "write the pattern in JavaScript regex syntax");
  }
}

/** The last user message and how many assistant turns have answered it so far. */
function conversationPoint(messages: readonly ChatMessage[]): { prompt: string; turnIndex: number } {
  let last = -1;
  messages.forEach((m, i) => {
    if (m.role === "user") last = i;
  });
  const prompt = messages[last]?.content ?? "";
  const turnIndex = messages.slice(last + 1).filter((m) => m.role === "assistant").length;
  return { prompt, turnIndex };
}

let counter: Promise<(text: string) => number> | undefined;
const loadCounter = () => (counter ??= import("gpt-tokenizer/encoding/o200k_base").then((m) => (text: string) => m.countTokens(text)));

/** A scripted model reports no usage of its own: counted with the o200k tokenizer, marked estimated. */
async function countUsage(request: CompletionRequest, text: string, toolCalls: Completion["toolCalls"]): Promise<Completion["usage"]> {
  const count = await loadCounter();
  const sent = [request.system ?? "", ...request.messages.map((m) => m.content + (m.toolCalls ? JSON.stringify(m.toolCalls) : "")), request.tools ? JSON.stringify(request.tools) : ""];
  return { input: count(sent.join("\n")), output: count(text + (toolCalls.length ? JSON.stringify(toolCalls) : "")), estimated: true };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}
