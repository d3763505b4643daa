"use client";

import { useEffect } from "react";
import { loadPreferencesFromServer } from "@/lib/client/preferences";

/**
 * Takes the account's preferences from the server once per page load (another browser may have
 * changed them); until then the copy cached in this browser is in effect.
 */
export function PreferencesSync() {
  useEffect(() => {
    loadPreferencesFromServer().catch((error: unknown) => {
      // Signed out or offline: the cached preferences stay in effect, which is all a person needs.
      console.warn("Preferences could not be loaded from the server; using this browser's copy", error);
    });
  }, []);
  return null;
}
