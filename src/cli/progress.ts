import cliProgress from "cli-progress";

/** Jobs smaller than this finish before a line of progress would help anyone. */
const PLAIN_LINES_FROM = 100;

/**
 * Progress on stderr: a bar when it is a terminal; otherwise (a log, CI) a plain line at every
 * tenth of a job big enough to wait for.
 */
export function progressBar(label: string, enabled: boolean) {
  if (!enabled) return { update: (_done: number, _total: number, _name?: string) => {}, stop: () => {} };
  if (!process.stderr.isTTY) return plainLines(label);
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

function plainLines(label: string) {
  let shown = 0;
  return {
    update(done: number, total: number, _name?: string) {
      const tenth = Math.floor((done * 10) / total);
      if (total < PLAIN_LINES_FROM || tenth <= shown) return;
      shown = tenth;
      process.stderr.write(`${label}: ${done}/${total} (${tenth * 10}%)\n`);
    },
    stop: () => {},
  };
}
