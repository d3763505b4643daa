import Link from "next/link";
import type { ReactNode } from "react";
import type { PresenceAvatar } from "@/lib/presence/avatars";
import type { SaveStatus } from "@/hooks/use-workspace-controller";
import { Button } from "@/components/ui/button";
import { ShareButton } from "@/components/share/share-button";
import { PresenceAvatars } from "./presence-avatars";
import { SaveStatusIndicator } from "./save-status";

export function IdeHeader({
  projectName,
  dashboardHref,
  saveStatus,
  canSaveAll,
  onSaveAll,
  onQuickOpen,
  runControls,
  presence,
  settingsHref = "/settings",
  workspace,
  readOnlyReason,
  readOnly = false,
  actions,
}: {
  projectName: string;
  /** The project's workspace: its name links to its projects. */
  workspace?: { name: string; href: string };
  /** Set for a role that cannot save: a "Read-only" badge says why. */
  readOnlyReason?: string;
  dashboardHref: string;
  saveStatus: SaveStatus;
  canSaveAll: boolean;
  onSaveAll: () => void;
  onQuickOpen: () => void;
  /** The runtime indicator and the Run button. */
  runControls?: ReactNode;
  /** Who else has the project open (hooks/use-presence.ts). */
  presence?: PresenceAvatar[];
  settingsHref?: string;
  /** Nothing here saves (a share link's visitor): no save status, no Save all. */
  readOnly?: boolean;
  /** Shown before "Go to file" (a share link's fork or sign-in). */
  actions?: ReactNode;
}) {
  return (
    <header className="flex h-11 shrink-0 items-center gap-3 border-b border-white/10 bg-neutral-950 px-3">
      <Link href={dashboardHref} data-testid="back-to-dashboard" className="text-sm text-neutral-400 hover:text-white">
        ← Projects
      </Link>
      <span aria-hidden="true" className="text-neutral-600">
        /
      </span>
      {workspace && (
        <>
          <Link href={workspace.href} data-testid="workspace-name" className="max-w-48 truncate text-sm text-neutral-400 hover:text-white">
            {workspace.name}
          </Link>
          <span aria-hidden="true" className="text-neutral-600">
            /
          </span>
        </>
      )}
      <h1 data-testid="project-name" className="min-w-0 truncate text-sm font-semibold text-neutral-100">
        {projectName}
      </h1>
      {readOnlyReason && (
        <span data-testid="read-only-badge" title={readOnlyReason} className="rounded bg-amber-500/15 px-2 py-0.5 text-xs text-amber-300">
          Read-only
        </span>
      )}
      <div className="flex-1" />
      {presence && <PresenceAvatars avatars={presence} />}
      {runControls}
      {!readOnly && <SaveStatusIndicator status={saveStatus} />}
      {actions}
      <ShareButton />
      <Button variant="ghost" className="h-7 px-2 text-xs" onClick={onQuickOpen} data-testid="quick-open-button" title="Go to file (Ctrl/⌘ P)">
        Go to file
      </Button>
      {!readOnly && (
        <Button
          variant="secondary"
          className="h-7 px-2 text-xs"
          onClick={onSaveAll}
          disabled={!canSaveAll}
          data-testid="save-all"
          title="Save all (Ctrl/⌘ Shift S)"
        >
          Save all
        </Button>
      )}
      <Link href={settingsHref} data-testid="settings-link" className="text-xs text-neutral-400 hover:text-white" title="Settings: API tokens">
        Settings
      </Link>
    </header>
  );
}
