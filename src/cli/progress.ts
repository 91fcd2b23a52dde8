import cliProgress from "cli-progress";

/** A progress bar on stderr when it is a terminal and the job is big enough to wait for. */
export function progressBar(label: string, enabled: boolean) {
  if (!enabled || !process.stderr.isTTY) return { update: (_done: number, _total: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {name}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number, name = "") {
      if (!started) bar.start(total, 0, { name });
      started = true;
      bar.update(done, { name });
    },
    stop: () => started && bar.stop(),
  };
}
