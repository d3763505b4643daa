import { z } from "zod";
import { defaultPreferences, preferencesSchema, preferencesStorageKey, storedPreferencesSchema, type Preferences, type ThemeChoice } from "@/lib/validation/preferences";
import { apiJson } from "./api-error";

/**
 * The person's preferences in this page. The server holds them (GET/PUT /api/settings/preferences)
 * so they follow the person to any browser; localStorage caches them for the first paint (the
 * theme script in app/layout.tsx) and carries a change to the other tabs of this browser.
 */

export type ResolvedTheme = "light" | "dark";

const url = "/api/settings/preferences";
const answerSchema = z.object({ preferences: preferencesSchema });
const lightQuery = "(prefers-color-scheme: light)";

let current: Preferences | null = null;
const listeners = new Set<() => void>();
// Bumped by every local change, so an older server answer arriving later cannot undo it.
let localEdits = 0;
let saving: Promise<unknown> = Promise.resolve();

function readStored(): Preferences {
  try {
    const raw = localStorage.getItem(preferencesStorageKey);
    return storedPreferencesSchema.parse(raw === null ? undefined : JSON.parse(raw));
  } catch {
    return defaultPreferences;
  }
}

/** The preferences now in effect in this page (the cached ones until the server answers). */
export function currentPreferences(): Preferences {
  current ??= readStored();
  return current;
}

function applyThemeChoice(choice: ThemeChoice) {
  // No attribute: the stylesheet follows the system.
  if (choice === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

function adopt(next: Preferences, { store }: { store: boolean }) {
  const previous = currentPreferences();
  current = next;
  if (store) {
    try {
      localStorage.setItem(preferencesStorageKey, JSON.stringify(next));
    } catch {
      // Full or disabled: the server still has them; this page keeps them in memory.
    }
  }
  applyThemeChoice(next.theme);
  if (JSON.stringify(previous) !== JSON.stringify(next)) for (const listener of listeners) listener();
}

function onStorage(event: StorageEvent) {
  // Another tab of this browser saved: take its values without sending them again.
  if (event.key === preferencesStorageKey || event.key === null) adopt(readStored(), { store: false });
}

export function subscribePreferences(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener("storage", onStorage);
  };
}

/**
 * Applies `next` at once in this page and the browser's other tabs, then stores it on the server.
 * Saves go out one after another, so the last change is the one kept. Throws ApiError when the
 * server refuses; the change then holds in this browser only.
 */
export function savePreferences(next: Preferences): Promise<void> {
  localEdits++;
  adopt(next, { store: true });
  const put = saving.catch(() => undefined).then(() => apiJson(url, { method: "PUT", json: next }));
  saving = put;
  return put.then((answer) => void answerSchema.parse(answer));
}

/** Takes the server's copy (another browser may have changed it), unless this page changed them meanwhile. */
export async function loadPreferencesFromServer(): Promise<void> {
  const edits = localEdits;
  const { preferences } = answerSchema.parse(await apiJson(url));
  if (edits === localEdits) adopt(preferences, { store: true });
}

/** Light or dark as shown now: the choice, or the system's when the choice is "system". */
export function resolvedTheme(): ResolvedTheme {
  const choice = currentPreferences().theme;
  if (choice !== "system") return choice;
  return window.matchMedia(lightQuery).matches ? "light" : "dark";
}

/** Calls `listener` when the shown theme may have changed: a new choice, or the system switching. */
export function subscribeResolvedTheme(listener: () => void): () => void {
  const media = window.matchMedia(lightQuery);
  media.addEventListener("change", listener);
  const unsubscribe = subscribePreferences(listener);
  return () => {
    media.removeEventListener("change", listener);
    unsubscribe();
  };
}
