"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export type ForkWorkspace = { id: string; name: string };

/** "Fork" with the workspace to copy into (only those where the visitor may create projects); opens the fork when made. */
export function ForkTarget({ workspaces, onFork }: { workspaces: ForkWorkspace[]; onFork: (workspaceId: string) => Promise<{ id: string }> }) {
  const router = useRouter();
  const [workspaceId, setWorkspaceId] = useState(workspaces[0]?.id ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (workspaces.length === 0) return <span className="text-xs text-neutral-400">No workspace of yours can take a new project</span>;
  return (
    <span className="flex items-center gap-2">
      {workspaces.length > 1 && (
        <select
          aria-label="Fork into workspace"
          value={workspaceId}
          onChange={(e) => setWorkspaceId(e.target.value)}
          className="h-7 rounded bg-white/10 px-1 text-xs"
        >
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      )}
      <Button
        variant="primary"
        className="h-7 px-2 text-xs"
        data-testid="fork-button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const fork = await onFork(workspaceId);
            router.push(`/projects/${encodeURIComponent(fork.id)}`);
          } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
            setBusy(false);
          }
        }}
      >
        {busy ? "Forking…" : "Fork"}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-300">
          {error}
        </span>
      )}
    </span>
  );
}
