"use client";

import { useSyncExternalStore } from "react";
import { currentPreferences, resolvedTheme, subscribePreferences, subscribeResolvedTheme, type ResolvedTheme } from "@/lib/client/preferences";
import { defaultPreferences, type Preferences } from "@/lib/validation/preferences";

/** The person's preferences, live: a change here, in another tab or from the server re-renders. */
export function usePreferences(): Preferences {
  return useSyncExternalStore(subscribePreferences, currentPreferences, () => defaultPreferences);
}

/** The theme shown now (the system's when the choice is "system"), live. */
export function useResolvedTheme(): ResolvedTheme {
  return useSyncExternalStore(subscribeResolvedTheme, resolvedTheme, () => "dark");
}
