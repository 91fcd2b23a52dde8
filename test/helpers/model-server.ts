import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer: a status, headers and a JSON body; `hang` never answers (for timeouts and cancellation). */
export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  hang?: boolean;
}

export interface SeenRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
  at: number;
}

/**
 * A model API on loopback playing the model's part: it answers requests with the scripted answers
 * in order (the last one repeats) and records what it was sent.
 */
export class ScriptedModelServer {
  readonly seen: SeenRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Connections the client closed before an answer was sent. */
  abandoned = 0;
  private server: Server | undefined;
  private next = 0;

  constructor(private readonly answers: ScriptedAnswer[]) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = "";
    for await (const chunk of req) text += chunk;
    this.seen.push({ path: req.url ?? "", headers: req.headers, body: JSON.parse(text || "{}"), at: Date.now() });
    const answer = this.answers[Math.min(this.next++, this.answers.length - 1)] ?? {};
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let answered = false;
    res.once("close", () => {
      this.inFlight--;
      if (!answered) this.abandoned++;
    });
    if (answer.hang) return;
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    answered = true;
    res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
    res.end(JSON.stringify(answer.body ?? {}));
  }
}

/** An OpenAI Chat Completions answer. */
export function chatAnswer(opts: { text?: string; toolCalls?: Array<{ id: string; name: string; arguments: string }>; usage?: [number, number] | null; model?: string; finish?: string }): ScriptedAnswer {
  return {
    body: {
      id: "chatcmpl-1",
      object: "chat.completion",
      model: opts.model ?? "gpt-4o-mini-2024-07-18",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: opts.text ?? null,
            ...(opts.toolCalls ? { tool_calls: opts.toolCalls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })) } : {}),
          },
          finish_reason: opts.finish ?? (opts.toolCalls ? "tool_calls" : "stop"),
        },
      ],
      ...(opts.usage === null ? {} : { usage: { prompt_tokens: opts.usage?.[0] ?? 10, completion_tokens: opts.usage?.[1] ?? 5, total_tokens: (opts.usage?.[0] ?? 10) + (opts.usage?.[1] ?? 5) } }),
    },
  };
}
