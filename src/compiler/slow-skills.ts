import type { CompileOptions } from "./compile.js";
import type { PassManager } from "./pass-manager.js";

const SLOW_CHECK_MS = 250;

/**
 * Tells `onOnlySlowLeft` (once) when every skill has started, some are done, and those still
 * compiling have made no progress for `slowAfterMs`: no skill finished and the passes' shared
 * setup was not running in that time. Progress, not each skill's own clock: on a loaded machine
 * every compile is slow, but they keep finishing; a Markdown bomb in its parse deadline does not.
 */
export function watchForSlowSkills(total: number, opts: CompileOptions & { passes: PassManager }) {
  let notStarted = total;
  let running = 0;
  let lastProgress = performance.now();
  let settingUp = false;
  const slowAfter = opts.slowAfterMs ?? 3_000;
  const check = () => {
    if (settingUp || notStarted > 0 || running === 0 || running === total) return;
    if (performance.now() - lastProgress <= slowAfter) return;
    clearInterval(timer);
    opts.onOnlySlowLeft?.();
  };
  const timer = opts.onOnlySlowLeft ? setInterval(check, SLOW_CHECK_MS).unref() : undefined;
  const setup = opts.passes.setup.bind(opts.passes);
  return {
    started: () => (notStarted--, running++),
    finished: () => (running--, (lastProgress = performance.now())),
    /** The passes' setup, timed: waiting for it is not a skill being slow. */
    setup: async () => {
      settingUp = true;
      try {
        await setup();
      } finally {
        settingUp = false;
        lastProgress = performance.now();
      }
    },
    stop: () => clearInterval(timer),
  };
}
