"use client";

import { Fragment, useEffect, useMemo, useRef, useState, type ChangeEvent, type KeyboardEvent } from "react";
import { buildFileTree, collectAllPaths, flattenVisibleRows, type TreeNode } from "@/lib/client/file-tree";
import { treeExpandedKey } from "@/lib/client/local-keys";
import { planCreate, planRename } from "@/lib/client/tree-operations";
import { pickedFromFileList, type PickedUpload } from "@/lib/client/upload";
import { presenceByPath, type PresenceAvatar } from "@/lib/presence/avatars";
import { isSameOrInside, parentOf } from "@/lib/validation/paths";
import type { FileEntry } from "@/lib/validation/projects";
import { useExpandedFolders } from "@/hooks/use-expanded-folders";
import { useTreeDragAndDrop } from "@/hooks/use-tree-drag-and-drop";
import { cx } from "@/components/ui/cx";
import { FileIcon, FolderIcon } from "@/components/ui/icons";
import { DeleteEntryDialog } from "./delete-entry-dialog";
import { FileTreeRow, rowIndentPx } from "./file-tree-row";
import { FileTreeToolbar } from "./file-tree-toolbar";
import { TreeNameInput } from "./tree-name-input";

type Editing = { mode: "create"; kind: "file" | "dir"; parentDir: string } | { mode: "rename"; path: string } | null;

export type FileTreeProps = {
  projectId: string;
  entries: readonly FileEntry[];
  activePath: string | null;
  isDirty: (path: string) => boolean;
  onOpenFile: (path: string) => void;
  onCreate: (input: { path: string; kind: "file" | "dir" }) => Promise<boolean>;
  /** Rename and drag-and-drop move. */
  onMove: (input: { from: string; to: string }) => Promise<boolean>;
  onDelete: (input: { path: string }) => Promise<boolean>;
  onUpload: (input: { targetDir: string; picked: PickedUpload }) => Promise<boolean>;
  onError: (message: string) => void;
  /** Files the agent may read but not change; with onToggleLock, file rows get a lock toggle. */
  lockedPaths?: ReadonlySet<string>;
  onToggleLock?: (path: string) => void;
  /** Opens the history of a file or folder; omitted → no history control. */
  onHistory?: (path: string) => void;
  /** Who else is on the project: files they have in front get a marker. */
  presence?: PresenceAvatar[];
  /** Browse and open only: no create, rename, delete, upload or move (a share link's visitor). */
  readOnly?: boolean;
};

export function FileTree({
  projectId,
  entries,
  activePath,
  isDirty,
  onOpenFile,
  onCreate,
  onMove,
  onDelete,
  onUpload,
  onError,
  lockedPaths,
  onToggleLock,
  onHistory,
  presence,
  readOnly = false,
}: FileTreeProps) {
  const nodes = useMemo(() => buildFileTree({ entries }), [entries]);
  const presentByPath = useMemo(() => presenceByPath(presence ?? []), [presence]);
  const existingPaths = useMemo(() => collectAllPaths({ entries }), [entries]);
  const { expanded, toggle, reveal, applyMove, applyDelete, collapseAll } = useExpandedFolders({
    storageKey: treeExpandedKey({ projectId }),
  });
  const rows = useMemo(() => flattenVisibleRows({ nodes, expanded }), [nodes, expanded]);
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [pendingDelete, setPendingDelete] = useState<TreeNode | null>(null);
  const [deleting, setDeleting] = useState(false);
  const treeRef = useRef<HTMLDivElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  // The file opened in the editor (from a tab or quick open) becomes the selected, visible row.
  const [shownActive, setShownActive] = useState<string | null>(null);
  if (activePath !== shownActive) {
    setShownActive(activePath);
    if (activePath !== null) setSelected(activePath);
  }
  useEffect(() => {
    if (activePath !== null) reveal(activePath);
  }, [activePath, reveal]);

  useEffect(() => {
    // React has no prop for this non-standard attribute.
    if (folderInput.current) folderInput.current.webkitdirectory = true;
  }, []);

  const filePaths = useMemo(() => new Set(entries.filter((e) => e.kind === "file").map((e) => e.path)), [entries]);
  // Where the toolbar creates and uploads: the selected folder, or the selected file's folder.
  const selectedDir =
    selected === null || !existingPaths.has(selected) ? "" : filePaths.has(selected) ? parentOf(selected) : selected;

  // ---- create, rename, delete ----

  const startCreate = (kind: "file" | "dir", parentDir: string) => {
    if (parentDir !== "") reveal(parentDir, { self: true });
    setEditing({ mode: "create", kind, parentDir });
  };

  const submitCreate = async (kind: "file" | "dir", path: string) => {
    const ok = await onCreate({ path, kind });
    if (ok) {
      setEditing(null);
      setSelected(path);
      reveal(path, { self: kind === "dir" });
    }
    return ok;
  };

  const submitRename = async (from: string, to: string) => {
    const ok = await onMove({ from, to });
    if (ok) {
      applyMove(from, to);
      setEditing(null);
      setSelected(to);
    }
    return ok;
  };

  const confirmDelete = async () => {
    if (!pendingDelete) return;
    setDeleting(true);
    const ok = await onDelete({ path: pendingDelete.path });
    setDeleting(false);
    // On failure the reason is shown as a toast, which the modal would cover.
    setPendingDelete(null);
    if (ok) {
      applyDelete(pendingDelete.path);
      setSelected(null);
    }
  };

  const onPickFiles = (event: ChangeEvent<HTMLInputElement>) => {
    const files = event.target.files;
    // Uploads go into the selected folder (or the selected file's folder), else the root.
    if (files && files.length > 0) {
      const picked = pickedFromFileList({ files });
      if (selectedDir !== "") reveal(selectedDir, { self: true });
      void onUpload({ targetDir: selectedDir, picked });
    }
    // Reset so choosing the same files again still fires a change.
    event.target.value = "";
  };

  // ---- drag and drop ----

  const dnd = useTreeDragAndDrop({
    existingPaths,
    isExpanded: (path) => expanded.has(path),
    openFolder: (path) => reveal(path, { self: true }),
    onMove,
    onMoved: ({ from, to, targetDir }) => {
      applyMove(from, to);
      if (targetDir !== "") reveal(targetDir, { self: true });
    },
    onUpload,
    onError,
  });

  const targetDirOf = (node: TreeNode) => (node.kind === "dir" ? node.path : parentOf(node.path));

  // ---- keyboard ----

  const focusRow = (path: string) => {
    setSelected(path);
    treeRef.current?.querySelector<HTMLElement>(`[data-testid="file-tree-item"][data-path="${CSS.escape(path)}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (editing || rows.length === 0) return;
    const index = rows.findIndex((row) => row.node.path === selected);
    const node = rows[index]?.node;
    switch (event.key) {
      case "ArrowDown":
        focusRow(rows[Math.min(index + 1, rows.length - 1)]!.node.path);
        break;
      case "ArrowUp":
        focusRow(rows[Math.max(index - 1, 0)]!.node.path);
        break;
      case "ArrowRight":
        if (node?.kind !== "dir") return;
        if (!expanded.has(node.path)) toggle(node.path, true);
        else if (node.children[0]) focusRow(node.children[0].path);
        break;
      case "ArrowLeft":
        if (node?.kind === "dir" && expanded.has(node.path)) toggle(node.path, false);
        else if (node && parentOf(node.path) !== "") focusRow(parentOf(node.path));
        break;
      case "Enter":
        if (!node) return;
        if (node.kind === "dir") toggle(node.path);
        else onOpenFile(node.path);
        break;
      case "F2":
        if (readOnly) return;
        if (node) setEditing({ mode: "rename", path: node.path });
        break;
      case "Delete":
        if (readOnly) return;
        if (node) setPendingDelete(node);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  // ---- rendering ----

  const createRow = (depth: number) =>
    editing?.mode === "create" && (
      <div className="flex h-[26px] items-center gap-1 pr-2" style={{ paddingLeft: 6 + depth * rowIndentPx + 20 }}>
        {editing.kind === "dir" ? (
          <FolderIcon width={14} height={14} className="shrink-0 text-sky-300/80" />
        ) : (
          <FileIcon width={14} height={14} className="shrink-0 text-neutral-400" />
        )}
        <TreeNameInput
          key={`${editing.kind}:${editing.parentDir}`}
          label={editing.kind === "dir" ? "New folder name" : "New file name"}
          validate={(name) => planCreate({ parentDir: editing.parentDir, name, existingPaths })}
          onSubmit={(path) => submitCreate(editing.kind, path)}
          onCancel={() => setEditing(null)}
        />
      </div>
    );

  return (
    <section aria-label="Files" className="flex h-full min-h-0 flex-col bg-neutral-900/60">
      <FileTreeToolbar
        onNewFile={() => startCreate("file", selectedDir)}
        onNewFolder={() => startCreate("dir", selectedDir)}
        onUploadFiles={() => filesInput.current?.click()}
        onUploadFolder={() => folderInput.current?.click()}
        onCollapseAll={collapseAll}
        readOnly={readOnly}
      />
      <input ref={filesInput} type="file" multiple hidden data-testid="upload-files-input" onChange={onPickFiles} />
      <input ref={folderInput} type="file" multiple hidden data-testid="upload-folder-input" onChange={onPickFiles} />
      <div
        ref={treeRef}
        role="tree"
        aria-label="Project files"
        data-testid="file-tree"
        data-drop-target={dnd.dropTarget === "" ? "true" : undefined}
        onKeyDown={onKeyDown}
        onDragOver={readOnly ? undefined : (event) => dnd.dragOver(event, "")}
        onDrop={readOnly ? undefined : (event) => dnd.drop(event, "")}
        onDragLeave={dnd.dragLeave}
        className={cx(
          "flex min-h-0 flex-1 flex-col overflow-y-auto py-1",
          dnd.dropTarget === "" && "bg-sky-500/10 ring-1 ring-sky-400/50 ring-inset",
        )}
      >
        {editing?.mode === "create" && editing.parentDir === "" && createRow(0)}
        {rows.map(({ node, depth }) => (
          <Fragment key={node.path}>
            <FileTreeRow
              node={node}
              depth={depth}
              expanded={node.kind === "dir" && expanded.has(node.path)}
              selected={selected === node.path}
              active={activePath === node.path}
              dirty={node.kind === "file" && isDirty(node.path)}
              locked={lockedPaths?.has(node.path) ?? false}
              present={presentByPath.get(node.path)}
              dropTarget={dnd.dropTarget !== null && dnd.dropTarget !== "" && isSameOrInside(node.path, dnd.dropTarget)}
              renameField={
                editing?.mode === "rename" && editing.path === node.path ? (
                  <TreeNameInput
                    initialValue={node.name}
                    label={`New name for ${node.name}`}
                    validate={(name) => planRename({ path: node.path, name, existingPaths })}
                    onSubmit={(to) => submitRename(node.path, to)}
                    onCancel={() => setEditing(null)}
                  />
                ) : undefined
              }
              onClick={() => {
                setSelected(node.path);
                if (node.kind === "dir") toggle(node.path);
                else onOpenFile(node.path);
              }}
              onToggle={() => toggle(node.path)}
              onNewFile={() => startCreate("file", node.path)}
              onNewFolder={() => startCreate("dir", node.path)}
              onRename={() => setEditing({ mode: "rename", path: node.path })}
              onDelete={() => setPendingDelete(node)}
              onToggleLock={onToggleLock && node.kind === "file" ? () => onToggleLock(node.path) : undefined}
              onHistory={onHistory && (() => onHistory(node.path))}
              onDragStart={(event) => dnd.dragStart(event, node.path)}
              onDragOver={(event) => dnd.dragOver(event, targetDirOf(node))}
              onDrop={(event) => dnd.drop(event, targetDirOf(node))}
              onDragEnd={dnd.dragEnd}
              readOnly={readOnly}
            />
            {editing?.mode === "create" && editing.parentDir === node.path && createRow(depth + 1)}
          </Fragment>
        ))}
        {rows.length === 0 && editing === null && (
          <p className="px-4 py-6 text-center text-xs text-neutral-500" data-testid="file-tree-empty">
            {readOnly ? "No files." : "No files yet. Create one, or drop files and folders here."}
          </p>
        )}
        {/* The space below the last row stands for the project root: a drop target, and a click
            there deselects so the toolbar creates and uploads at the root. */}
        <div className="min-h-8 flex-1" data-testid="file-tree-root-drop" onClick={() => setSelected(null)} />
      </div>
      {pendingDelete && (
        <DeleteEntryDialog
          node={pendingDelete}
          filesInside={entries.filter((e) => e.kind === "file" && isSameOrInside(e.path, pendingDelete.path)).length}
          unsavedInside={entries.filter((e) => isSameOrInside(e.path, pendingDelete.path) && isDirty(e.path)).length}
          busy={deleting}
          onCancel={() => setPendingDelete(null)}
          onConfirm={() => void confirmDelete()}
        />
      )}
    </section>
  );
}
