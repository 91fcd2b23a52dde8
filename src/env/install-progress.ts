import type { EnvVerdict } from "./verdict.js";

export interface ProgressStep {
  progress: number;
  total: number;
  /** The line with the count in front: `[3/7] installed python pypdf`. */
  message: string;
}

// install.sh reports each item it settles as "installed|FAILED|skipped <kind> <name>..." (see mark_*).
const SETTLED = /^(?:installed|FAILED|skipped) (\w+) ([^\s:]+)/;

/**
 * Counts an install's progress in items: the total is what the verdict before the install said
 * was missing (plus the system packages the skill lists), each settled item counts one. Lines in
 * between (creating the virtualenv, running pip) advance by a fraction, since progress must
 * rise with every notification; an item nobody expected raises the total rather than pass it.
 */
export class InstallProgress {
  readonly #settled = new Set<string>();
  #total: number;
  #between = 0;

  constructor(before: EnvVerdict, systemPackages = 0) {
    this.#total = Math.max(1, before.missing.length + before.optionalMissing.length + systemPackages);
  }

  step(line: string): ProgressStep {
    const item = SETTLED.exec(line);
    if (item && !this.#settled.has(`${item[1]} ${item[2]}`)) {
      this.#settled.add(`${item[1]} ${item[2]}`);
      this.#between = 0;
    } else {
      this.#between++;
    }
    const done = this.#settled.size;
    this.#total = Math.max(this.#total, done + (this.#between ? 1 : 0));
    const progress = done + (this.#between ? 1 - 1 / 2 ** this.#between : 0);
    return { progress, total: this.#total, message: `[${done}/${this.#total}] ${line}` };
  }
}
