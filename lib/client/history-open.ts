/**
 * Any panel opens the project's history by dispatching this event on window; the IDE workspace
 * listens and mounts the timeline for the request.
 */
export const historyOpenEvent = "history:open";

export type HistoryRequest = {
  /** Only snapshots that changed this file or folder. */
  path?: string;
  /** The snapshot shown selected, with its changes. */
  snapshotId?: string;
  /** Show the selected snapshot's changes from this one (e.g. an agent turn's checkpoint) instead of from its parent. */
  compareWith?: string;
};

export function openHistory(request: HistoryRequest): void {
  window.dispatchEvent(new CustomEvent<HistoryRequest>(historyOpenEvent, { detail: request }));
}
