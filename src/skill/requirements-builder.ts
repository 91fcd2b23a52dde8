import type { Requirements } from "./ir.js";

/** Accumulates requirements without repeats (aliases often say the same thing twice); the first mention keeps its origin. */
export class RequirementsBuilder {
  private readonly req: Requirements = { bins: [], anyBins: [], env: [], os: [], install: [] };

  bin(name: string, origin: string): void {
    if (!this.req.bins.some((b) => b.name === name)) this.req.bins.push({ name, origin });
  }

  anyBins(names: string[], origin: string): void {
    const key = [...names].sort().join("\0");
    if (names.length === 0 || this.req.anyBins.some((g) => [...g.names].sort().join("\0") === key)) return;
    this.req.anyBins.push({ names, origin });
  }

  /** A variable any dialect calls required stays required. */
  env(name: string, optional: boolean, origin: string): void {
    const known = this.req.env.find((e) => e.name === name);
    if (known === undefined) this.req.env.push({ name, optional, origin });
    else if (!optional) known.optional = false;
  }

  os(name: string): void {
    const os = normalizeOs(name);
    if (!this.req.os.includes(os)) this.req.os.push(os);
  }

  install(entry: Requirements["install"][number]): void {
    const same = (e: Requirements["install"][number]): boolean => e.kind === entry.kind && e.package === entry.package;
    if (!this.req.install.some(same)) this.req.install.push(entry);
  }

  build(): Requirements {
    return this.req;
  }
}

const OS_ALIASES: Readonly<Record<string, string>> = {
  macos: "darwin",
  mac: "darwin",
  osx: "darwin",
  windows: "win32",
  win: "win32",
};

/** Operating systems in Node's `process.platform` spelling (`darwin`, `linux`, `win32`). */
export function normalizeOs(name: string): string {
  const key = name.trim().toLowerCase();
  return OS_ALIASES[key] ?? key;
}
