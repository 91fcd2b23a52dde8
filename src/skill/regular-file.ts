import { constants, promises as fs } from "node:fs";

/**
 * Reads a file only if it is still a regular file when opened: the walk saw one, but it may have
 * been swapped for a FIFO since, and a blocking open or read of a FIFO would hang the load.
 * O_NONBLOCK makes the open itself return at once; fstat then checks what was opened.
 */
export async function readRegularFile(file: string): Promise<Buffer> {
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: "ENOTREG" });
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
