"use client";

import dynamic from "next/dynamic";
import { useEffect, useState, type ReactNode } from "react";
import { describeError } from "@/lib/client/conflict";
import type { TheirVersion } from "@/lib/client/workspace-controller";

// Monaco is large and touches window at import time: loaded in the browser, on first use.
const TextDiff = dynamic(() => import("./text-diff").then((m) => m.TextDiff), {
  ssr: false,
  loading: () => <Note>Loading the diff…</Note>,
});

type Loaded = { path: string; version: TheirVersion } | { path: string; error: string };

/**
 * Their saved version of `path` beside my unsaved text (`mine`), as a read-only diff. Their version
 * is read once per path; `mine` is the text when the diff was opened.
 */
export function TheirDiff({ path, mine, loadTheirs }: { path: string; mine: string; loadTheirs: (path: string) => Promise<TheirVersion> }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let current = true;
    loadTheirs(path).then(
      (version) => current && setLoaded({ path, version }),
      (error: unknown) => current && setLoaded({ path, error: describeError({ error }) }),
    );
    return () => {
      current = false;
    };
  }, [path, loadTheirs]);

  const shown = loaded?.path === path ? loaded : null;
  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="their-diff">
      <div className="flex shrink-0 text-[11px] uppercase tracking-wide text-neutral-400">
        <span className="flex-1 px-3 py-1">Theirs (saved)</span>
        <span className="flex-1 px-3 py-1">Yours (unsaved)</span>
      </div>
      <div className="min-h-0 flex-1 border-t border-white/10">
        {!shown && <Note>Loading their version…</Note>}
        {shown && "error" in shown && <Note>Their version could not be read: {shown.error}</Note>}
        {shown && "version" in shown && shown.version.kind === "binary" && <Note>Their version is a binary file; it cannot be compared as text.</Note>}
        {shown && "version" in shown && shown.version.kind !== "binary" && (
          <TextDiff path={path} original={shown.version.kind === "text" ? shown.version.text : ""} modified={mine} />
        )}
      </div>
    </div>
  );
}

function Note({ children }: { children: ReactNode }) {
  return <p className="flex h-full items-center justify-center px-4 text-center text-xs text-neutral-400">{children}</p>;
}
