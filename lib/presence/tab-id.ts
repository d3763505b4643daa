// The presence id of this browser tab: one per page, shared by the head stream (which keeps the tab
// present while open, ?tab=) and the heartbeats (which say the file in front). Ids are not secrets.

let tabId: string | null = null;

/** This page's tab id; null where there is no page (server render, tests in Node). */
export function browserTabId(): string | null {
  if (typeof window === "undefined") return null;
  tabId ??= newTabId();
  return tabId;
}

/** A random id; crypto.randomUUID needs a secure context, getRandomValues does not. */
function newTabId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
