"use client";

import type { TreeNode } from "@/lib/client/file-tree";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export function DeleteEntryDialog({
  node,
  filesInside,
  unsavedInside,
  busy,
  onConfirm,
  onCancel,
}: {
  node: TreeNode;
  filesInside: number;
  unsavedInside: number;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      testId="delete-dialog"
      title={`Delete "${node.name}"?`}
      confirmLabel="Delete"
      destructive
      busy={busy}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>
        {node.kind === "dir"
          ? `This deletes the folder ${node.path} and the ${filesInside} ${filesInside === 1 ? "file" : "files"} in it.`
          : `This deletes ${node.path}.`}{" "}
        It stays in the project history.
      </p>
      {unsavedInside > 0 && (
        <p className="mt-2 text-amber-300">
          {unsavedInside === 1 ? "1 file has" : `${unsavedInside} files have`} unsaved changes that will be lost.
        </p>
      )}
    </ConfirmDialog>
  );
}
