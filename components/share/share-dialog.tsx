"use client";

import { useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ApiError } from "@/lib/client/api-error";
import { projectShareApi, type Lineage, type ShareLinkSummary } from "@/lib/client/share-api";
import { ForkTarget, type ForkWorkspace } from "./fork-target";

const expiryChoices = [
  { label: "Never", ms: null },
  { label: "1 day", ms: 24 * 60 * 60 * 1000 },
  { label: "7 days", ms: 7 * 24 * 60 * 60 * 1000 },
  { label: "30 days", ms: 30 * 24 * 60 * 60 * 1000 },
] as const;

/**
 * The project's share links (admins and owners make, copy and revoke them; a token is shown only
 * when made) and its lineage: where it was forked from, and its forks (members only).
 */
export function ShareDialog({ projectId, headSnapshotId, onClose }: { projectId: string; headSnapshotId: string | null; onClose: () => void }) {
  const [links, setLinks] = useState<ShareLinkSummary[] | null>(null);
  const [mayShare, setMayShare] = useState(true);
  const [lineage, setLineage] = useState<Lineage | null>(null);
  const [forkTargets, setForkTargets] = useState<ForkWorkspace[] | null>(null);
  const [access, setAccess] = useState<"view" | "fork">("view");
  const [pinned, setPinned] = useState(false);
  const [expiry, setExpiry] = useState(0);
  const [made, setMade] = useState<{ id: string; url: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(
    () =>
      projectShareApi.links(projectId).then(setLinks, (e: unknown) => {
        if (e instanceof ApiError && e.status === 403) setMayShare(false);
        else setError(e instanceof Error ? e.message : String(e));
      }),
    [projectId],
  );

  useEffect(() => {
    projectShareApi.links(projectId).then(setLinks, (e: unknown) => {
      if (e instanceof ApiError && e.status === 403) setMayShare(false);
      else setError(e instanceof Error ? e.message : String(e));
    });
    projectShareApi.lineage(projectId).then(setLineage, () => undefined);
    projectShareApi.forkTargets().then(setForkTargets, () => undefined);
  }, [projectId]);

  const create = async () => {
    setError(null);
    const ms = expiryChoices[expiry]?.ms ?? null;
    try {
      const { link, token } = await projectShareApi.createLink(projectId, {
        access,
        snapshotId: pinned && headSnapshotId ? headSnapshotId : undefined,
        expiresAt: ms ? new Date(Date.now() + ms).toISOString() : undefined,
      });
      setMade({ id: link.id, url: `${window.location.origin}/s/${token}` });
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const revoke = async (linkId: string) => {
    try {
      await projectShareApi.revokeLink(projectId, linkId);
      if (made?.id === linkId) setMade(null);
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Dialog title="Share" onClose={onClose} testId="share-dialog" actions={<Button onClick={onClose}>Close</Button>}>
      <div className="space-y-4">
        {lineage?.forkedFrom && (
          <p data-testid="forked-from" className="text-xs text-neutral-400">
            Forked from {lineage.forkedFrom.name ? `“${lineage.forkedFrom.name}”` : "a project that no longer exists"}
          </p>
        )}
        {lineage?.forks && lineage.forks.length > 0 && (
          <p data-testid="forks" className="text-xs text-neutral-400">
            {lineage.forks.length} fork{lineage.forks.length === 1 ? "" : "s"}: {lineage.forks.map((f) => f.name).join(", ")}
          </p>
        )}
        {forkTargets && (
          <div className="flex items-center gap-2 text-xs">
            <span className="flex-1 text-neutral-400">Copy this project, as saved, into a workspace of yours</span>
            <ForkTarget workspaces={forkTargets} onFork={(workspaceId) => projectShareApi.fork(projectId, { workspaceId })} />
          </div>
        )}
        {!mayShare ? (
          <p className="text-xs text-neutral-400">Only admins and owners of this workspace make share links.</p>
        ) : (
          <>
            <fieldset className="flex flex-wrap items-center gap-3 text-xs">
              <label className="flex items-center gap-1">
                Access
                <select aria-label="Access" value={access} onChange={(e) => setAccess(e.target.value as "view" | "fork")} className="rounded bg-white/10 px-1">
                  <option value="view">View</option>
                  <option value="fork">View and fork</option>
                </select>
              </label>
              <label className="flex items-center gap-1">
                <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} disabled={!headSnapshotId} />
                Only this version (otherwise it follows every save)
              </label>
              <label className="flex items-center gap-1">
                Expires
                <select aria-label="Expires" value={expiry} onChange={(e) => setExpiry(Number(e.target.value))} className="rounded bg-white/10 px-1">
                  {expiryChoices.map((c, i) => (
                    <option key={c.label} value={i}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </label>
              <Button variant="primary" className="h-7 px-2 text-xs" onClick={() => void create()} data-testid="create-share-link">
                Create link
              </Button>
            </fieldset>
            {made && (
              <div className="flex items-center gap-2">
                <input readOnly value={made.url} data-testid="share-link-url" className="min-w-0 flex-1 rounded bg-black/40 px-2 py-1 font-mono text-xs" />
                <Button className="h-7 px-2 text-xs" onClick={() => void navigator.clipboard?.writeText(made.url)}>
                  Copy
                </Button>
              </div>
            )}
            {made && <p className="text-xs text-neutral-500">Copy it now: the link is shown only once (it is stored hashed).</p>}
            <ul className="space-y-1 text-xs" data-testid="share-links">
              {links?.map((l) => (
                <li key={l.id} className="flex items-center gap-2">
                  <span className="flex-1">
                    {l.access === "fork" ? "View and fork" : "View"} · {l.snapshotId ? "one version" : "live"}
                    {l.expiresAt && ` · expires ${new Date(l.expiresAt).toLocaleString()}`}
                    {l.revokedAt && " · revoked"}
                  </span>
                  {!l.revokedAt && (
                    <Button variant="danger" className="h-6 px-2 text-xs" onClick={() => void revoke(l.id)} data-testid="revoke-share-link">
                      Revoke
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
        {error && (
          <p role="alert" className="text-xs text-red-300">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
