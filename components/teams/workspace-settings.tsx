"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { roleAllows, type WorkspaceRole } from "@/lib/auth/permissions";
import { describeError } from "@/lib/client/conflict";
import { nameProblem } from "@/lib/validation/names";
import { teamApi } from "@/lib/workspaces/client-api";
import { workspaceNameSchema } from "@/lib/workspaces/schemas";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** Rename (admins) and delete with the name typed (owners) for a team workspace. */
export function WorkspaceSettings({ workspace, myRole }: { workspace: { id: string; name: string }; myRole: WorkspaceRole }) {
  const router = useRouter();
  const [name, setName] = useState(workspace.name);
  const [message, setMessage] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [confirmName, setConfirmName] = useState("");
  const [busy, setBusy] = useState(false);

  const rename = async () => {
    const problem = nameProblem({ schema: workspaceNameSchema, name });
    if (problem) return setMessage(problem);
    try {
      await teamApi.rename(workspace.id, name.trim());
      setMessage("Renamed");
      router.refresh();
    } catch (err) {
      setMessage(`Could not rename: ${describeError({ error: err })}`);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await teamApi.remove(workspace.id, confirmName);
      router.push("/projects");
      router.refresh();
    } catch (err) {
      setMessage(`Could not delete: ${describeError({ error: err })}`);
      setDeleting(false);
    } finally {
      setBusy(false);
    }
  };

  if (!roleAllows(myRole, "workspace:rename")) return null;
  return (
    <section className="mt-10 border-t border-white/10 pt-6" data-testid="workspace-settings">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-neutral-400">Team</h2>
      <div className="mt-2 flex items-center gap-2">
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-label="Team name"
          data-testid="workspace-name-input"
          className="min-w-0 flex-1 rounded border border-white/10 bg-neutral-900 px-2 py-1.5 text-sm text-neutral-100"
        />
        <Button onClick={() => void rename()} disabled={name.trim() === workspace.name} data-testid="workspace-rename">
          Rename
        </Button>
        {roleAllows(myRole, "workspace:delete") && (
          <Button variant="danger" onClick={() => setDeleting(true)} data-testid="workspace-delete">
            Delete team…
          </Button>
        )}
      </div>
      {message && (
        <p role="status" className="mt-2 text-sm text-neutral-300" data-testid="workspace-settings-message">
          {message}
        </p>
      )}
      {deleting && (
        <ConfirmDialog
          testId="delete-workspace-dialog"
          title={`Delete team "${workspace.name}"?`}
          confirmLabel="Delete team"
          destructive
          busy={busy || confirmName !== workspace.name}
          onCancel={() => setDeleting(false)}
          onConfirm={() => void remove()}
        >
          <p>
            Its projects disappear for every member at once. For 7 days an owner can restore the team from the projects page; then it is removed for good.
          </p>
          <label className="mt-3 block text-sm">
            Type <strong className="text-neutral-100">{workspace.name}</strong> to confirm
            <input
              value={confirmName}
              onChange={(e) => setConfirmName(e.target.value)}
              data-testid="delete-workspace-confirm"
              className="mt-1 w-full rounded border border-white/10 bg-neutral-900 px-2 py-1.5 text-sm text-neutral-100"
            />
          </label>
        </ConfirmDialog>
      )}
    </section>
  );
}
