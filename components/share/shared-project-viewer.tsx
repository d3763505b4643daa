"use client";

import Link from "next/link";
import { useCallback, useState } from "react";
import { IdeWorkspace } from "@/components/workspace/ide-workspace";
import { sharedApi } from "@/lib/client/share-api";
import { shareHeadPath, shareProjectApi } from "@/lib/client/share-project-api";
import type { SharedProjectView } from "@/lib/share/view";
import type { ProjectListing } from "@/lib/validation/projects";
import { ForkTarget, type ForkWorkspace } from "./fork-target";
import { SharedPreview } from "./shared-preview";

/**
 * A project opened through a share link, in the IDE itself: tree, tabs, Monaco and quick open, all
 * read-only (nothing can save, create, rename, delete or upload; no presence, locks or agent). A
 * live link follows the head through the link's own head stream; a pinned one shows its snapshot.
 * Every read goes through /api/share/<token>/…, so the page never learns the project's id. The
 * preview shows the saved files as a static site, through a grant for the link alone. A signed-in
 * visitor gets the terminal and Run, in a box of their own for the link (/api/share/<token>/box):
 * what runs there is never saved to the project.
 */
export function SharedProjectViewer({
  token,
  view,
  initialListing,
  ideKey,
  workspaces,
  signInHref,
}: {
  token: string;
  view: SharedProjectView;
  /** The listing at `view.snapshotId`, read by the page. */
  initialListing: ProjectListing;
  /** Stands for the project in the IDE's per-project browser state (the link's id, not the project's). */
  ideKey: string;
  /** Where a signed-in visitor may fork to; null when signed out. */
  workspaces: ForkWorkspace[] | null;
  signInHref: string;
}) {
  const [api] = useState(() => shareProjectApi(token));
  const headPath = shareHeadPath(token, view.pinned);
  const previewBase = useCallback(() => api.previewBase(ideKey), [api, ideKey]);
  const project = { id: ideKey, name: view.projectName, workspaceId: "", headSnapshotId: view.snapshotId, updatedAt: "" };
  const actions = (
    <>
      <span data-testid="shared-mode" className="rounded bg-white/10 px-1.5 py-0.5 text-xs text-neutral-300">
        {view.pinned ? "Read-only · one snapshot" : "Read-only · live"}
      </span>
      {view.access === "fork" &&
        (workspaces ? (
          <ForkTarget workspaces={workspaces} onFork={(workspaceId) => sharedApi.fork(token, { workspaceId })} />
        ) : (
          <Link href={signInHref} className="text-xs text-sky-400 hover:underline" data-testid="sign-in-to-fork">
            Sign in to fork and run it
          </Link>
        ))}
      {view.access === "view" && !workspaces && (
        <Link href={signInHref} className="text-xs text-sky-400 hover:underline" data-testid="sign-in-to-run">
          Sign in to run it
        </Link>
      )}
    </>
  );
  return (
    <IdeWorkspace
      project={project}
      initialListing={initialListing}
      api={api}
      // Running needs an account (the box is the visitor's); signed out the page only shows.
      runtime={workspaces !== null}
      boxPath={`/api/share/${encodeURIComponent(token)}/box`}
      agent={false}
      readOnly
      headPath={headPath}
      rightPanel={<SharedPreview previewBase={previewBase} headPath={headPath} />}
      headerActions={actions}
    />
  );
}
