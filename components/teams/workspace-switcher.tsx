"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { describeError } from "@/lib/client/conflict";
import { nameProblem } from "@/lib/validation/names";
import { teamApi, type WorkspaceSummary } from "@/lib/workspaces/client-api";
import { dashboardHref } from "@/lib/workspaces/paths";
import { workspaceNameSchema } from "@/lib/workspaces/schemas";
import { Button } from "@/components/ui/button";
import { CreateByNameForm } from "@/components/ui/create-by-name-form";
import { ErrorBanner } from "@/components/ui/error-banner";
import { LocalTime } from "@/components/ui/local-time";
import { cx } from "@/components/ui/cx";

/** The dashboard's workspace tabs, a new-team form, and the owner's deleted teams to restore. */
export function WorkspaceSwitcher({ workspaces, currentId }: { workspaces: WorkspaceSummary[]; currentId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const live = workspaces.filter((w) => !w.deletedAt);
  const deleted = workspaces.filter((w) => w.deletedAt);
  const current = live.find((w) => w.id === currentId);

  const create = async (name: string) => {
    try {
      const workspace = await teamApi.create(name);
      setCreating(false);
      router.push(dashboardHref(workspace.id));
      router.refresh();
      return null;
    } catch (err) {
      return `Could not create the team: ${describeError({ error: err })}`;
    }
  };

  const restore = async (workspace: WorkspaceSummary) => {
    try {
      await teamApi.restore(workspace.id);
      router.push(dashboardHref(workspace.id));
      router.refresh();
    } catch (err) {
      setError(`Could not restore "${workspace.name}": ${describeError({ error: err })}`);
    }
  };

  return (
    <section className="mb-8" data-testid="workspace-switcher">
      <div className="flex flex-wrap items-center gap-2">
        <nav aria-label="Workspaces" className="flex flex-wrap gap-1">
          {live.map((w) => (
            <Link
              key={w.id}
              href={dashboardHref(w.id)}
              data-testid="workspace-option"
              data-workspace-id={w.id}
              aria-current={w.id === currentId ? "page" : undefined}
              className={cx(
                "rounded px-3 py-1.5 text-sm",
                w.id === currentId ? "bg-sky-600/20 text-sky-200 ring-1 ring-sky-500/50" : "text-neutral-400 hover:bg-white/5 hover:text-white",
              )}
            >
              {w.personal ? "Personal" : w.name}
            </Link>
          ))}
        </nav>
        <div className="flex-1" />
        {current && !current.personal && (
          <Link href={`/workspaces/${encodeURIComponent(current.id)}/members`} data-testid="members-link" className="text-sm text-neutral-400 hover:text-white">
            Members ({current.memberCount}) · {current.role}
          </Link>
        )}
        <Button variant="ghost" data-testid="new-team" onClick={() => setCreating((c) => !c)}>
          New team
        </Button>
      </div>
      {creating && (
        <CreateByNameForm
          className="mt-3"
          inputId="new-team-name"
          label="New team name"
          placeholder="Team name"
          submitLabel="Create team"
          testIdPrefix="create-team"
          validate={(name) => nameProblem({ schema: workspaceNameSchema, name })}
          onCreate={create}
        />
      )}
      {error && <ErrorBanner className="mt-3" testId="workspace-error" message={error} onDismiss={() => setError(null)} />}
      {deleted.length > 0 && (
        <ul className="mt-3 space-y-1 text-sm text-neutral-400" data-testid="deleted-workspaces">
          {deleted.map((w) => (
            <li key={w.id} className="flex items-center gap-2">
              <span>
                Deleted team <strong className="text-neutral-200">{w.name}</strong>: its projects are removed for good <LocalTime iso={w.purgeAfter!} />
              </span>
              <Button variant="ghost" data-testid="restore-workspace" onClick={() => void restore(w)}>
                Restore
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
