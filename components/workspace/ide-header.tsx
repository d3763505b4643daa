import Link from "next/link";
import type { ReactNode } from "react";
import type { PresenceAvatar } from "@/lib/presence/avatars";
import type { SaveStatus } from "@/hooks/use-workspace-controller";
import { ArrowLeft, Save, Search, Settings } from "lucide-react";
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
  layoutControls,
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
  /** The buttons that collapse and reopen the panels. */
  layoutControls?: ReactNode;
}) {
  return (
    // One line at any width: below 1024 px the buttons show their icon only (the name is the tooltip).
    <header className="flex h-11 shrink-0 items-center gap-1.5 overflow-hidden border-b border-white/10 bg-neutral-950 px-3 whitespace-nowrap lg:gap-3">
      <Link href={dashboardHref} data-testid="back-to-dashboard" title="Projects" className="flex shrink-0 items-center gap-1 text-sm text-neutral-400 hover:text-white">
        <ArrowLeft aria-hidden="true" width={14} height={14} />
        <span className="max-lg:sr-only">Projects</span>
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
      <div className="min-w-0 flex-1" />
      {presence && <PresenceAvatars avatars={presence} />}
      {runControls}
      {!readOnly && <SaveStatusIndicator status={saveStatus} />}
      {actions}
      <ShareButton />
      <Button variant="ghost" className="h-7 px-2 text-xs" onClick={onQuickOpen} data-testid="quick-open-button" title="Go to file (Ctrl/⌘ P)">
        <Search aria-hidden="true" width={14} height={14} />
        <span className="max-lg:sr-only">Go to file</span>
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
          <Save aria-hidden="true" width={14} height={14} />
          <span className="max-lg:sr-only">Save all</span>
        </Button>
      )}
      {layoutControls}
      <Link href={settingsHref} data-testid="settings-link" className="flex shrink-0 items-center gap-1 text-xs text-neutral-400 hover:text-white" title="Settings">
        <Settings aria-hidden="true" width={14} height={14} />
        <span className="max-lg:sr-only">Settings</span>
      </Link>
    </header>
  );
}
