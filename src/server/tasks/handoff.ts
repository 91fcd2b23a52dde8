import type { ServerContext } from "@modelcontextprotocol/server";
import type { LiveTask, TaskHost } from "./task-host.js";

/** The slots of the calls in flight that may become tasks, found by the signal their tool sees. */
const slots = new WeakMap<AbortSignal, TaskSlot>();

type Notify = ServerContext["mcpReq"]["notify"];

/** A progress notification as a status message: its message, else how far it got. */
function statusOf({ message, progress, total }: Record<string, unknown>): string {
  return typeof message === "string" ? message : `${String(progress)}${total === undefined ? "" : `/${String(total)}`}`;
}

/** Stands in for the client's progress token when it sent none: the task's status needs the events. */
const STATUS_TOKEN = "skvm-task-status";

/**
 * A tools/call from a client that declared the tasks extension, until its tool either answers
 * or hands its long part off (handOffToTask). The tool runs on a context of the slot's: its
 * signal is the request's until the hand-off and the task's after it, and its progress
 * notifications become the task's status (SEP-2663 sends no progress on tasks).
 */
export class TaskSlot {
  readonly #controller = new AbortController();
  readonly #handedOff: Promise<void>;
  #resolveHandOff!: () => void;
  #stopFollowing: () => void;
  task: LiveTask | undefined;

  constructor(
    private readonly host: TaskHost,
    private readonly tool: string,
    private readonly ctx: ServerContext,
  ) {
    this.#handedOff = new Promise((resolve) => (this.#resolveHandOff = resolve));
    const follow = () => this.#controller.abort(ctx.mcpReq.signal.reason);
    ctx.mcpReq.signal.addEventListener("abort", follow, { once: true });
    this.#stopFollowing = () => ctx.mcpReq.signal.removeEventListener("abort", follow);
    if (ctx.mcpReq.signal.aborted) follow();
    slots.set(this.#controller.signal, this);
  }

  /** Resolves when the tool hands off; never when it answers on its own. */
  get handedOff(): Promise<void> {
    return this.#handedOff;
  }

  /** The context the tool runs with. */
  context(): ServerContext {
    const { mcpReq } = this.ctx;
    const clientToken = mcpReq._meta?.progressToken;
    const notify: Notify = (n) => {
      if (n.method !== "notifications/progress") return this.task ? Promise.resolve() : mcpReq.notify(n);
      if (this.task) this.task.progress(statusOf(n.params ?? {}));
      return this.task || clientToken === undefined ? Promise.resolve() : mcpReq.notify(n);
    };
    return {
      ...this.ctx,
      mcpReq: { ...mcpReq, signal: this.#controller.signal, notify, _meta: { ...mcpReq._meta, progressToken: clientToken ?? STATUS_TOKEN } },
    };
  }

  /** From here on the work is the task's: the request is answered with it. Throws at the task cap. */
  handOff(): void {
    if (this.task) return;
    this.task = this.host.start(this.tool, this.#controller);
    this.#stopFollowing();
    this.#resolveHandOff();
  }
}

/**
 * Called by a tool where its long work starts (after its checks and any question to the user):
 * for a client that declared the tasks extension the call is answered now with a task and the
 * work goes on as that task; for any other client nothing changes. Throws TaskLimitError when
 * this process already runs as many tasks as it may (the tool answers with that error).
 */
export function handOffToTask(ctx: ServerContext): void {
  slots.get(ctx.mcpReq.signal)?.handOff();
}
