"use client";

import { useRef, useState, type ReactNode } from "react";
import { describeError } from "@/lib/client/conflict";
import { savePreferences } from "@/lib/client/preferences";
import { preferenceLimits, preferencesSchema, themeChoices, type Preferences, type ThemeChoice } from "@/lib/validation/preferences";
import { useHydrated } from "@/hooks/use-hydrated";
import { usePreferences } from "@/hooks/use-preferences";

const themeLabels: Record<ThemeChoice, string> = { system: "System", light: "Light", dark: "Dark" };
const tabSizes = Array.from({ length: preferenceLimits.tabSize.max - preferenceLimits.tabSize.min + 1 }, (_, i) => preferenceLimits.tabSize.min + i);
const field = "rounded border border-white/15 bg-neutral-950 px-2 py-1 text-sm text-neutral-100 outline-none focus:border-sky-500";

type Status = { kind: "saving" } | { kind: "saved" } | { kind: "error"; message: string } | null;

/** Theme and editor preferences: each change applies at once, in every open tab, and is saved to the account. */
export function PreferencesPanel() {
  const preferences = usePreferences();
  const hydrated = useHydrated();
  const [status, setStatus] = useState<Status>(null);
  // The font size as typed, so a half-typed number ("1" on the way to "18") is not thrown away.
  const [fontDraft, setFontDraft] = useState<string | null>(null);
  // Only the latest change reports: "Saved" must not show while a later save is still on its way.
  const latest = useRef(0);

  const change = async (patch: Partial<Preferences>) => {
    const parsed = preferencesSchema.safeParse({ ...preferences, ...patch });
    if (!parsed.success) {
      latest.current++;
      setStatus({ kind: "error", message: parsed.error.issues[0]?.message ?? "That value is not allowed" });
      return;
    }
    const attempt = ++latest.current;
    setStatus({ kind: "saving" });
    try {
      await savePreferences(parsed.data);
      if (attempt === latest.current) setStatus({ kind: "saved" });
    } catch (error) {
      if (attempt === latest.current) setStatus({ kind: "error", message: `Not saved to your account (it applies in this browser until you reload): ${describeError({ error })}` });
    }
  };

  return (
    <section className="mt-8" aria-labelledby="preferences-heading" data-testid="preferences" data-hydrated={hydrated}>
      <h2 id="preferences-heading" className="text-lg font-semibold text-neutral-100">
        Appearance and editor
      </h2>
      <p className="mt-1 text-sm text-neutral-400">Saved to your account, so they follow you to any browser; open tabs change at once.</p>

      <fieldset className="mt-5">
        <legend className="text-sm font-medium text-neutral-200">Theme</legend>
        <div className="mt-2 flex gap-2" role="radiogroup" aria-label="Theme">
          {themeChoices.map((choice) => (
            <label
              key={choice}
              className="flex cursor-pointer items-center gap-2 rounded border border-white/15 px-3 py-1.5 text-sm text-neutral-200 has-[:checked]:border-sky-500 has-[:checked]:bg-sky-500/10"
            >
              <input
                type="radio"
                name="theme"
                value={choice}
                checked={preferences.theme === choice}
                onChange={() => void change({ theme: choice })}
                data-testid={`theme-option-${choice}`}
              />
              {themeLabels[choice]}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-neutral-400">System follows your operating system&apos;s light or dark setting.</p>
      </fieldset>

      <div className="mt-6 grid max-w-md grid-cols-[auto_1fr] items-center gap-x-4 gap-y-3 text-sm">
        <Row label="Font size" htmlFor="pref-font-size">
          <input
            id="pref-font-size"
            type="number"
            min={preferenceLimits.fontSize.min}
            max={preferenceLimits.fontSize.max}
            value={fontDraft ?? String(preferences.fontSize)}
            onChange={(event) => {
              setFontDraft(event.target.value);
              void change({ fontSize: Number(event.target.value) });
            }}
            onBlur={() => setFontDraft(null)}
            className={`${field} w-20`}
            data-testid="font-size-input"
          />
          <span className="ml-2 text-xs text-neutral-400">
            px ({preferenceLimits.fontSize.min}–{preferenceLimits.fontSize.max})
          </span>
        </Row>
        <Row label="Tab size" htmlFor="pref-tab-size">
          <select
            id="pref-tab-size"
            value={preferences.tabSize}
            onChange={(event) => void change({ tabSize: Number(event.target.value) })}
            className={field}
            data-testid="tab-size-select"
          >
            {tabSizes.map((size) => (
              <option key={size} value={size}>
                {size} {size === 1 ? "space" : "spaces"}
              </option>
            ))}
          </select>
        </Row>
        <Row label="Word wrap" htmlFor="pref-word-wrap">
          <input id="pref-word-wrap" type="checkbox" checked={preferences.wordWrap} onChange={(event) => void change({ wordWrap: event.target.checked })} data-testid="word-wrap-toggle" />
          <span className="ml-2 text-xs text-neutral-400">Long lines wrap at the editor&apos;s edge</span>
        </Row>
        <Row label="Minimap" htmlFor="pref-minimap">
          <input id="pref-minimap" type="checkbox" checked={preferences.minimap} onChange={(event) => void change({ minimap: event.target.checked })} data-testid="minimap-toggle" />
          <span className="ml-2 text-xs text-neutral-400">An overview of the file beside the scrollbar</span>
        </Row>
      </div>

      <p role="status" aria-live="polite" className="mt-3 min-h-5 text-sm" data-testid="preferences-status" data-status={status?.kind ?? "idle"}>
        {status?.kind === "saving" && <span className="text-neutral-400">Saving…</span>}
        {status?.kind === "saved" && <span className="text-emerald-300">Saved</span>}
        {status?.kind === "error" && <span className="text-red-300">{status.message}</span>}
      </p>
    </section>
  );
}

function Row({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <>
      <label htmlFor={htmlFor} className="text-neutral-300">
        {label}
      </label>
      <div className="flex items-center">{children}</div>
    </>
  );
}
