import { open } from "node:fs/promises";

const POLL_MS = 150;

/**
 * Follows a file another process appends lines to, calling `onLine` for each complete line.
 * exec only hands back a child's stderr when it exits, so install.sh also appends its progress
 * lines to a file, and this is how they reach a client while the install is still running.
 */
export function tailLines(file: string, onLine: (line: string) => void): { stop: () => Promise<void> } {
  let offset = 0;
  let partial = "";
  let reading: Promise<void> = Promise.resolve();
  const readMore = async (): Promise<void> => {
    const handle = await open(file, "r").catch(() => undefined);
    if (!handle) return; // not created yet
    try {
      const buffer = Buffer.alloc(64 * 1024);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        partial += buffer.toString("utf8", 0, bytesRead);
      }
    } finally {
      await handle.close();
    }
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) onLine(line);
  };
  const poll = (): void => {
    reading = reading.then(readMore).catch(() => undefined);
  };
  const timer = setInterval(poll, POLL_MS);
  return {
    async stop() {
      clearInterval(timer);
      poll();
      await reading;
      if (partial.trim()) onLine(partial);
      partial = "";
    },
  };
}
