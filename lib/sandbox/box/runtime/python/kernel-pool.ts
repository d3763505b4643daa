import type { ProjectFs } from "../project-fs";
import { PythonKernel, type KernelRun, type KernelRunResult } from "./kernel";

/** Notebooks (agent sessions) whose interpreter a box keeps alive at once, and for how long unused. */
export const notebookBounds = { kernels: 2, idleMs: 10 * 60_000 } as const;

/**
 * The box's Python interpreters; a box holds one project, so none of them ever sees another
 * project's files or state.
 * - `python3` runs on the warm kernel, started by the box's first run (a box that never runs Python
 *   never pays for CPython) and kept for the next, cleaning up after each run (kernel-source.ts); one
 *   that a run changed is ended and replaced at once. A second run while it is busy gets a kernel of
 *   its own.
 * - A notebook keeps its own kernel between cells, up to `notebookBounds`; past them the least
 *   recently used is ended (its session restores it by replaying its cells, lib/agent/notebook.ts).
 */
export class KernelPool {
  private warmKernel?: Promise<PythonKernel>;
  private lent = false;
  private readonly notebooks = new Map<string, PythonKernel>();

  constructor(private readonly fs: ProjectFs) {
    setInterval(() => this.closeIdle(), 60_000).unref();
  }

  /** Starts the warm kernel if there is none, so a run does not wait for CPython to load. */
  warm(): void {
    this.warmKernel ??= PythonKernel.start(this.fs);
  }

  /** One `python3` run, in a clean `__main__` (the job's mode is "run"). */
  async run(run: KernelRun): Promise<KernelRunResult> {
    if (this.lent) {
      const own = await PythonKernel.start(this.fs);
      try {
        return await own.run(run);
      } finally {
        own.dispose();
      }
    }
    this.warm();
    this.lent = true;
    const kernel = await this.warmKernel!;
    try {
      const result = await kernel.run(run);
      if (!kernel.alive || result.tainted) this.replace(kernel);
      return result;
    } finally {
      this.lent = false;
    }
  }

  /** The notebook's kernel, and whether it had to be started (its earlier cells are not in it). */
  async notebook(id: string): Promise<{ kernel: PythonKernel; created: boolean }> {
    const live = this.notebooks.get(id);
    if (live?.alive) return { kernel: live, created: false };
    let kernel: PythonKernel;
    if (this.warmKernel && !this.lent) {
      kernel = await this.warmKernel;
      this.warmKernel = undefined;
    } else kernel = await PythonKernel.start(this.fs);
    this.notebooks.set(id, kernel);
    const idle = [...this.notebooks.entries()].filter(([, k]) => k !== kernel && !k.busy).sort((a, b) => a[1].usedAt - b[1].usedAt);
    for (const [name, old] of idle.slice(0, Math.max(0, this.notebooks.size - notebookBounds.kernels))) {
      old.dispose();
      this.notebooks.delete(name);
    }
    return { kernel, created: true };
  }

  private replace(kernel: PythonKernel) {
    kernel.dispose();
    this.warmKernel = undefined;
    this.warm();
  }

  private closeIdle() {
    for (const [id, kernel] of this.notebooks)
      if (!kernel.alive || (!kernel.busy && Date.now() - kernel.usedAt > notebookBounds.idleMs)) {
        kernel.dispose();
        this.notebooks.delete(id);
      }
  }
}
