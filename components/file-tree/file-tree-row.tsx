"use client";

import type { DragEvent, ReactNode } from "react";
import type { TreeNode } from "@/lib/client/file-tree";
import type { PresenceAvatar } from "@/lib/presence/avatars";
import { cx } from "@/components/ui/cx";
import { IconButton } from "@/components/ui/button";
import { ChevronIcon, FileIcon, FilePlusIcon, FolderIcon, FolderPlusIcon, LockIcon, LockOpenIcon, PencilIcon, TrashIcon } from "@/components/ui/icons";
import { HistoryIcon } from "@/components/history/history-icon";

export const rowIndentPx = 12;

/** One line of the tree: a file or folder with its hover actions, or the rename field in its place. */
export function FileTreeRow({
  node,
  depth,
  expanded,
  selected,
  active,
  dirty,
  locked = false,
  present,
  dropTarget,
  renameField,
  onClick,
  onToggle,
  onNewFile,
  onNewFolder,
  onRename,
  onDelete,
  onToggleLock,
  onHistory,
  onDragStart,
  onDragOver,
  onDrop,
  onDragEnd,
  readOnly = false,
}: {
  node: TreeNode;
  depth: number;
  expanded: boolean;
  selected: boolean;
  active: boolean;
  dirty: boolean;
  /** Locked for the agent: it may read the file but not change it. */
  locked?: boolean;
  /** Others who have this file in front. */
  present?: PresenceAvatar[];
  dropTarget: boolean;
  /** When set, replaces the name (the row is being renamed). */
  renameField?: ReactNode;
  onClick: () => void;
  onToggle: () => void;
  onNewFile: () => void;
  onNewFolder: () => void;
  onRename: () => void;
  onDelete: () => void;
  /** Locks or unlocks the path for the agent; omitted → no lock control. */
  onToggleLock?: () => void;
  /** Opens the history of this file or folder; omitted → no history control. */
  onHistory?: () => void;
  onDragStart: (event: DragEvent<HTMLDivElement>) => void;
  onDragOver: (event: DragEvent<HTMLDivElement>) => void;
  onDrop: (event: DragEvent<HTMLDivElement>) => void;
  onDragEnd: () => void;
  /** No create, rename, delete or drag: the project cannot be changed from here (a share link). */
  readOnly?: boolean;
}) {
  const isDir = node.kind === "dir";
  return (
    <div
      role="treeitem"
      aria-level={depth + 1}
      aria-selected={selected}
      aria-expanded={isDir ? expanded : undefined}
      tabIndex={selected ? 0 : -1}
      data-testid="file-tree-item"
      data-path={node.path}
      data-kind={node.kind}
      data-expanded={isDir ? String(expanded) : undefined}
      data-active={active ? "true" : undefined}
      data-locked={locked ? "true" : undefined}
      data-drop-target={dropTarget ? "true" : undefined}
      draggable={!renameField && !readOnly}
      onClick={onClick}
      onDragStart={readOnly ? undefined : onDragStart}
      onDragOver={readOnly ? undefined : onDragOver}
      onDrop={readOnly ? undefined : onDrop}
      onDragEnd={onDragEnd}
      style={{ paddingLeft: 6 + depth * rowIndentPx }}
      className={cx(
        "group relative flex h-[26px] cursor-pointer items-center gap-1 pr-1 text-[13px] outline-none select-none",
        active ? "bg-sky-500/20 text-white" : selected ? "bg-white/10 text-white" : "text-neutral-300 hover:bg-white/5",
        "focus-visible:ring-1 focus-visible:ring-sky-500 focus-visible:ring-inset",
        dropTarget && "bg-sky-500/25 ring-1 ring-sky-400/60 ring-inset",
      )}
    >
      <span
        className="flex h-4 w-4 shrink-0 items-center justify-center text-neutral-500"
        onClick={(event) => {
          if (!isDir) return;
          event.stopPropagation();
          onToggle();
        }}
      >
        {isDir && <ChevronIcon width={12} height={12} className={cx("transition-transform", expanded && "rotate-90")} />}
      </span>
      {isDir ? (
        <FolderIcon width={14} height={14} className="shrink-0 text-sky-300/80" />
      ) : (
        <FileIcon width={14} height={14} className="shrink-0 text-neutral-400" />
      )}
      {renameField ?? (
        <>
          {/* The name keeps at least 5rem: on a narrow tree the hover buttons give way, never the name. */}
          <span className="min-w-[5rem] flex-1 truncate" data-testid="file-tree-item-name">
            {node.name}
          </span>
          {present && (
            <span role="img" data-testid="tree-presence" className="flex shrink-0 items-center gap-0.5" title={present.map((a) => a.title).join("\n")} aria-label={present.map((a) => a.title).join("; ")}>
              {present.map((a) => (
                <span key={a.key} aria-hidden="true" className="h-1.5 w-1.5 rounded-full" style={{ backgroundColor: a.colour }} />
              ))}
            </span>
          )}
          {locked && (
            <span
              role="img"
              aria-label="locked for the agent"
              title="Locked: the agent may read it but not change it"
              data-testid="tree-lock-icon"
              className={cx("shrink-0 text-amber-300/90", onToggleLock && "group-focus-within:hidden group-hover:hidden")}
            >
              <LockIcon width={12} height={12} aria-hidden="true" />
            </span>
          )}
          {dirty && (
            <span aria-label="unsaved changes" title="Unsaved changes" className="text-xs text-neutral-300 group-hover:hidden">
              ●
            </span>
          )}
          {!readOnly && (
            // Buttons that do not fit wrap onto a hidden second line, so none is ever half drawn.
            <span
              data-testid="tree-row-actions"
              className="hidden h-6 min-w-0 shrink flex-wrap items-center justify-end gap-0.5 overflow-hidden group-focus-within:flex group-hover:flex"
              onClick={(event) => event.stopPropagation()}
            >
              {isDir && (
                <>
                  <IconButton label={`New file in ${node.name}`} data-testid="tree-new-file" onClick={onNewFile}>
                    <FilePlusIcon width={14} height={14} />
                  </IconButton>
                  <IconButton label={`New folder in ${node.name}`} data-testid="tree-new-folder" onClick={onNewFolder}>
                    <FolderPlusIcon width={14} height={14} />
                  </IconButton>
                </>
              )}
              {onToggleLock && (
                <IconButton
                  label={locked ? `Unlock ${node.name} for the agent` : `Lock ${node.name} for the agent`}
                  aria-pressed={locked}
                  data-testid="tree-lock"
                  onClick={onToggleLock}
                  className={locked ? "text-amber-300 hover:text-amber-200" : undefined}
                >
                  {locked ? <LockIcon width={13} height={13} /> : <LockOpenIcon width={13} height={13} />}
                </IconButton>
              )}
              {onHistory && (
                <IconButton label={`History of ${node.name}`} data-testid="tree-history" onClick={onHistory}>
                  <HistoryIcon width={13} height={13} />
                </IconButton>
              )}
              <IconButton label={`Rename ${node.name}`} data-testid="tree-rename" onClick={onRename}>
                <PencilIcon width={13} height={13} />
              </IconButton>
              <IconButton label={`Delete ${node.name}`} data-testid="tree-delete" onClick={onDelete}>
                <TrashIcon width={13} height={13} />
              </IconButton>
            </span>
          )}
        </>
      )}
    </div>
  );
}
