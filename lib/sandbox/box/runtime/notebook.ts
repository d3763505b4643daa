/**
 * What one exec asks of a notebook (an agent session's live JavaScript and Python contexts, kept in
 * the box between cells): which notebook, and the earlier cells that rebuild its context when the
 * box no longer holds it (a new box, an evicted or stopped context). Replayed cells run with their
 * output dropped; the command counts them here for the exec's result.
 */
export type NotebookRun = {
  id: string;
  replay: readonly string[];
  restored: number;
  failed: number;
};

/** Replays `cells` into a context just created, in order; a failing cell is counted and skipped. */
export async function replayCells(run: NotebookRun, cells: readonly string[], runCell: (source: string) => Promise<boolean>): Promise<void> {
  for (const source of cells) {
    if (await runCell(source)) run.restored += 1;
    else run.failed += 1;
  }
}
