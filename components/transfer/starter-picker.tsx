"use client";

import { useEffect, useState, type FormEvent } from "react";
import { describeError } from "@/lib/client/conflict";
import { transferApi, type StarterChoice } from "@/lib/transfer/client-api";
import type { ProjectSummary } from "@/lib/validation/projects";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";

/**
 * The "New project" flow's starters: pick one, optionally name it, and the project is created with
 * its files and opened. Starters that need WebContainer say so before they are picked.
 */
export function StarterPicker({ workspaceId, onCreated }: { workspaceId?: string; onCreated: (project: ProjectSummary) => void }) {
  const [starters, setStarters] = useState<StarterChoice[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    transferApi.starters().then(
      (list) => {
        if (!live) return;
        setStarters(list);
        setChosen((c) => c ?? list[0]?.id ?? null);
      },
      (err: unknown) => live && setError(`Could not load the starters: ${describeError({ error: err })}`),
    );
    return () => {
      live = false;
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await transferApi.createFromStarter(chosen, name.trim() || undefined, workspaceId));
    } catch (err) {
      setError(`Could not create the project: ${describeError({ error: err })}`);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="mt-4 rounded border border-white/10 p-3" data-testid="starter-picker">
      <fieldset>
        <legend className="text-sm font-medium text-neutral-200">Or start from a starter</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {(starters ?? []).map((s) => (
            <label
              key={s.id}
              data-testid={`starter-${s.id}`}
              className={`cursor-pointer rounded border px-3 py-2 text-sm ${chosen === s.id ? "border-sky-500 bg-sky-500/10" : "border-white/10 hover:border-white/25"}`}
            >
              <input type="radio" name="starter" value={s.id} checked={chosen === s.id} onChange={() => setChosen(s.id)} className="sr-only" />
              <span className="font-medium text-neutral-100">{s.name}</span>
              {!s.runtimes.includes("box") && <span className="ml-2 rounded bg-amber-500/15 px-1.5 py-0.5 text-xs text-amber-300">Needs WebContainer</span>}
              {!s.runtimes.includes("webcontainer") && <span className="ml-2 rounded bg-white/10 px-1.5 py-0.5 text-xs text-neutral-300">Offline box</span>}
              <span className="mt-0.5 block text-xs text-neutral-400">{s.description}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="mt-3 flex gap-2">
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Name (optional)"
          aria-label="Name of the project made from the starter"
          data-testid="starter-name"
          maxLength={100}
          className="flex-1 rounded border border-white/15 bg-neutral-900 px-2 py-1 text-sm text-neutral-100 outline-none focus:border-sky-500"
        />
        <Button type="submit" variant="primary" disabled={busy || !chosen} data-testid="starter-create">
          {busy ? "Creating…" : "Create from starter"}
        </Button>
      </div>
      {error && <ErrorBanner className="mt-2" testId="starter-error" message={error} onDismiss={() => setError(null)} />}
    </form>
  );
}
