"use client";

import { useRef, useState, type DragEvent } from "react";
import { planMove } from "@/lib/client/tree-operations";
import { takeDroppedEntries, walkDroppedEntries, type PickedUpload } from "@/lib/client/upload";
import { baseName, parentOf } from "@/lib/validation/paths";

/** Marks a drag that started in the tree, as opposed to files dragged in from the OS. */
const internalDragType = "application/x-ide-path";
const openFolderAfterMs = 700;

/**
 * Drag and drop in the file tree: rows move onto folders (or the root, ""), and files and folders
 * dropped from the operating system are uploaded there. `dropTarget` is the folder under the pointer.
 */
export function useTreeDragAndDrop({
  existingPaths,
  isExpanded,
  openFolder,
  onMove,
  onMoved,
  onUpload,
  onError,
}: {
  existingPaths: ReadonlySet<string>;
  isExpanded: (path: string) => boolean;
  openFolder: (path: string) => void;
  onMove: (input: { from: string; to: string }) => Promise<boolean>;
  /** After the server accepted a move (the tree then re-keys its open folders). */
  onMoved: (input: { from: string; to: string; targetDir: string }) => void;
  onUpload: (input: { targetDir: string; picked: PickedUpload }) => Promise<boolean>;
  onError: (message: string) => void;
}) {
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const dragging = useRef<string | null>(null);
  const expandTimer = useRef<{ path: string; timer: ReturnType<typeof setTimeout> } | null>(null);

  const clear = () => {
    dragging.current = null;
    setDropTarget(null);
    if (expandTimer.current) clearTimeout(expandTimer.current.timer);
    expandTimer.current = null;
  };

  const dragStart = (event: DragEvent, path: string) => {
    dragging.current = path;
    event.dataTransfer.setData(internalDragType, path);
    event.dataTransfer.setData("text/plain", path);
    event.dataTransfer.effectAllowed = "move";
  };

  const dragOver = (event: DragEvent, targetDir: string) => {
    const internal = event.dataTransfer.types.includes(internalDragType);
    if (!internal && !event.dataTransfer.types.includes("Files")) return;
    event.stopPropagation();
    if (internal) {
      const from = dragging.current;
      if (from === null || !planMove({ path: from, targetDir, existingPaths }).ok) {
        setDropTarget(null);
        return; // Not calling preventDefault shows the "not allowed" cursor.
      }
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = internal ? "move" : "copy";
    setDropTarget(targetDir);
    // Hovering a closed folder for a moment opens it, so deep targets can be reached.
    if (targetDir !== "" && !isExpanded(targetDir) && expandTimer.current?.path !== targetDir) {
      if (expandTimer.current) clearTimeout(expandTimer.current.timer);
      expandTimer.current = { path: targetDir, timer: setTimeout(() => openFolder(targetDir), openFolderAfterMs) };
    }
  };

  const drop = (event: DragEvent, targetDir: string) => {
    event.preventDefault();
    event.stopPropagation();
    const from = dragging.current ?? (event.dataTransfer.getData(internalDragType) || null);
    clear();
    if (from !== null) {
      const plan = planMove({ path: from, targetDir, existingPaths });
      if (!plan.ok) {
        // Dropping an item back into its own folder is a no-op, not an error.
        if (parentOf(from) !== targetDir) onError(`Cannot move "${baseName(from)}": ${plan.reason}`);
        return;
      }
      void onMove({ from, to: plan.path }).then((ok) => ok && onMoved({ from, to: plan.path, targetDir }));
      return;
    }
    if (!event.dataTransfer.types.includes("Files")) return;
    // The entries must be taken now; the DataTransfer is emptied once this handler returns.
    const taken = takeDroppedEntries({ dataTransfer: event.dataTransfer });
    void walkDroppedEntries(taken)
      .then((picked) => {
        if (picked.files.length === 0 && picked.emptyDirs.length === 0) return;
        if (targetDir !== "") openFolder(targetDir);
        return onUpload({ targetDir, picked });
      })
      .catch(() => onError("The dropped files could not be read."));
  };

  const dragLeave = (event: DragEvent) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropTarget(null);
  };

  return { dropTarget, dragStart, dragOver, drop, dragLeave, dragEnd: clear };
}
