"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { describeError } from "@/lib/client/conflict";
import { clearProjectDrafts } from "@/lib/client/drafts";
import { browserDraftStore } from "@/lib/client/offline-draft-store";
import { browserUploadStore } from "@/lib/client/offline-upload-store";
import { treeExpandedKey } from "@/lib/client/local-keys";
import { forgetSavedTabs } from "@/lib/client/saved-tabs";
import { projectApi, type ProjectApi } from "@/lib/client/project-api";
import { teamApi } from "@/lib/workspaces/client-api";
import { nameProblem } from "@/lib/validation/names";
import { projectNameSchema, type ProjectSummary } from "@/lib/validation/projects";
import { useHydrated } from "@/hooks/use-hydrated";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CreateByNameForm } from "@/components/ui/create-by-name-form";
import { ErrorBanner } from "@/components/ui/error-banner";
import { LocalTime } from "@/components/ui/local-time";
import { ExportMenu } from "@/components/transfer/export-menu";
import { ImportPanel } from "@/components/transfer/import-panel";
import { StarterPicker } from "@/components/transfer/starter-picker";

const projectNameProblem = (name: string) => nameProblem({ schema: projectNameSchema, name });

/** Drops what this browser kept for a deleted project: unsaved drafts and uploads, open folders and open tabs. */
function forgetLocalState(projectId: string) {
  void browserDraftStore()?.clearProject(projectId);
  void browserUploadStore()?.clearProject(projectId);
  try {
    clearProjectDrafts({ projectId, storage: localStorage });
    localStorage.removeItem(treeExpandedKey({ projectId }));
    forgetSavedTabs({ storage: localStorage, projectId });
  } catch {
    // Storage unavailable: there is nothing kept to forget.
  }
}

const byRecent = (a: ProjectSummary, b: ProjectSummary) => b.updatedAt.localeCompare(a.updatedAt);

export function ProjectDashboard({
  initialProjects,
  api = projectApi,
  projectHref = (id) => `/projects/${encodeURIComponent(id)}`,
  settingsHref = "/settings",
  workspaceId,
  canCreate = true,
  switcher,
  moveTargets = [],
  onMove = teamApi.moveProject,
}: {
  initialProjects: ProjectSummary[];
  /** The workspace shown (new projects go there); omitted → the personal workspace. */
  workspaceId?: string;
  /** False for a viewer of the workspace: no create form. */
  canCreate?: boolean;
  /** The workspace switcher, above the projects. */
  switcher?: ReactNode;
  /** Other workspaces the caller may move this workspace's projects into (admin of both). */
  moveTargets?: { id: string; name: string }[];
  /** Moves a project to another workspace; a fake in dev pages and tests. */
  onMove?: (projectId: string, workspaceId: string) => Promise<unknown>;
  /** The project API; a fake in dev pages and tests. */
  api?: ProjectApi;
  projectHref?: (projectId: string) => string;
  settingsHref?: string;
}) {
  const [projects, setProjects] = useState(() => [...initialProjects].sort(byRecent));
  const [error, setError] = useState<string | null>(null);
  const [pendingDelete, setPendingDelete] = useState<ProjectSummary | null>(null);
  const [deleting, setDeleting] = useState(false);
  const hydrated = useHydrated();
  const router = useRouter();
  // A new project, by name, from a starter or an import, opens at once.
  const openNew = (project: ProjectSummary) => router.push(projectHref(project.id));

  const create = async (name: string): Promise<string | null> => {
    try {
      const project = await api.create(name, workspaceId);
      setProjects((list) => [project, ...list.filter((p) => p.id !== project.id)]);
      openNew(project);
      return null;
    } catch (err) {
      return `Could not create the project: ${describeError({ error: err })}`;
    }
  };

  const rename = async (project: ProjectSummary, name: string): Promise<string | null> => {
    const problem = projectNameProblem(name);
    if (problem) return problem;
    try {
      const updated = await api.rename(project.id, name.trim());
      setProjects((list) => list.map((p) => (p.id === updated.id ? updated : p)));
      return null;
    } catch (err) {
      return `Could not rename: ${describeError({ error: err })}`;
    }
  };

  const move = async (project: ProjectSummary, workspaceId: string) => {
    try {
      await onMove(project.id, workspaceId);
      setProjects((list) => list.filter((p) => p.id !== project.id));
      setError(null);
    } catch (err) {
      setError(`Could not move "${project.name}": ${describeError({ error: err })}`);
    }
  };

  const confirmDelete = async () => {
    if (!pendingDelete) return;
    setDeleting(true);
    try {
      await api.remove(pendingDelete.id);
      forgetLocalState(pendingDelete.id);
      setProjects((list) => list.filter((p) => p.id !== pendingDelete.id));
      setError(null);
      setPendingDelete(null);
    } catch (err) {
      setError(`Could not delete "${pendingDelete.name}": ${describeError({ error: err })}`);
      setPendingDelete(null);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <main className="mx-auto w-full max-w-3xl px-6 py-10" data-testid="dashboard" data-hydrated={hydrated}>
      {switcher}
      <div className="flex items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold text-neutral-100">Projects</h1>
        <Link href={settingsHref} data-testid="settings-link" className="text-sm text-neutral-400 hover:text-white">
          Settings
        </Link>
      </div>

      {canCreate && (
        <CreateByNameForm
          className="mt-6"
          inputId="new-project-name"
          label="New project name"
          placeholder="New project name"
          submitLabel="Create project"
          testIdPrefix="create-project"
          validate={projectNameProblem}
          onCreate={create}
        />
      )}
      {canCreate && <StarterPicker workspaceId={workspaceId} onCreated={openNew} />}
      {canCreate && <ImportPanel workspaceId={workspaceId} onImported={openNew} />}

      {error && <ErrorBanner className="mt-4" testId="dashboard-error" message={error} onDismiss={() => setError(null)} />}

      {projects.length === 0 ? (
        <p data-testid="projects-empty" className="mt-10 text-center text-sm text-neutral-400">
          No projects yet. Name one above to start.
        </p>
      ) : (
        <ul className="mt-6 divide-y divide-white/10 rounded border border-white/10" data-testid="project-list">
          {projects.map((project) => (
            <ProjectRow
              key={project.id}
              project={project}
              href={projectHref(project.id)}
              onRename={(name) => rename(project, name)}
              onDelete={() => setPendingDelete(project)}
              moveTargets={moveTargets}
              onMove={(workspaceId) => void move(project, workspaceId)}
            />
          ))}
        </ul>
      )}

      {pendingDelete && (
        <ConfirmDialog
          testId="delete-project-dialog"
          title={`Delete project "${pendingDelete.name}"?`}
          confirmLabel="Delete project"
          destructive
          busy={deleting}
          onCancel={() => setPendingDelete(null)}
          onConfirm={() => void confirmDelete()}
        >
          <p>
            This deletes <strong className="text-neutral-100">{pendingDelete.name}</strong> with all its files and history.
            It cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </main>
  );
}

function ProjectRow({
  project,
  href,
  onRename,
  onDelete,
  moveTargets,
  onMove,
}: {
  project: ProjectSummary;
  href: string;
  moveTargets: { id: string; name: string }[];
  onMove: (workspaceId: string) => void;
  /** Resolves to an error message, or null once renamed. */
  onRename: (name: string) => Promise<string | null>;
  onDelete: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(project.name);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === project.name) {
      setEditing(false);
      return;
    }
    setSaving(true);
    const problem = await onRename(name);
    setSaving(false);
    setError(problem);
    if (!problem) setEditing(false);
  };

  return (
    <li data-testid="project-item" data-project-id={project.id} data-project-name={project.name} className="flex items-center gap-3 px-4 py-3">
      {editing ? (
        <form onSubmit={submit} className="flex flex-1 items-start gap-2" noValidate>
          <div className="flex-1">
            <input
              autoFocus
              value={name}
              aria-label={`New name for ${project.name}`}
              aria-invalid={error !== null}
              data-testid="project-rename-input"
              onChange={(e) => {
                setName(e.target.value);
                setError(null);
              }}
              onKeyDown={(e) => {
                if (e.key === "Escape") {
                  setEditing(false);
                  setName(project.name);
                  setError(null);
                }
              }}
              className="w-full rounded border border-sky-500 bg-neutral-900 px-2 py-1 text-sm text-neutral-100 outline-none aria-[invalid=true]:border-red-500"
            />
            {error && (
              <p role="alert" data-testid="project-rename-error" className="mt-1 text-sm text-red-300">
                {error}
              </p>
            )}
          </div>
          <Button type="submit" variant="primary" disabled={saving} data-testid="project-rename-save">
            Save
          </Button>
          <Button
            onClick={() => {
              setEditing(false);
              setName(project.name);
              setError(null);
            }}
          >
            Cancel
          </Button>
        </form>
      ) : (
        <>
          <div className="min-w-0 flex-1">
            <Link href={href} data-testid="project-link" className="block truncate font-medium text-sky-300 hover:underline">
              {project.name}
            </Link>
            <p className="mt-0.5 text-xs text-neutral-400">
              Updated <LocalTime iso={project.updatedAt} />
            </p>
          </div>
          <ExportMenu projectId={project.id} compact />
          <Button
            variant="ghost"
            data-testid="project-rename"
            aria-label={`Rename ${project.name}`}
            onClick={() => {
              setName(project.name);
              setEditing(true);
            }}
          >
            Rename
          </Button>
          {moveTargets.length > 0 && (
            <select
              aria-label={`Move ${project.name} to another workspace`}
              data-testid="project-move"
              value=""
              onChange={(e) => e.target.value && onMove(e.target.value)}
              className="rounded bg-transparent px-1 py-1 text-sm text-neutral-300 hover:bg-white/10"
            >
              <option value="">Move to…</option>
              {moveTargets.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          )}
          <Button variant="ghost" data-testid="project-delete" aria-label={`Delete ${project.name}`} onClick={onDelete} className="hover:text-red-300">
            Delete
          </Button>
        </>
      )}
    </li>
  );
}
