"use client";

import { baseName } from "@/lib/validation/paths";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

export function CloseTabDialog({
  path,
  onSave,
  onDiscard,
  onCancel,
}: {
  path: string;
  onSave: () => void;
  onDiscard: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog
      testId="close-tab-dialog"
      title={`Save changes to ${baseName(path)}?`}
      onClose={onCancel}
      actions={
        <>
          <Button onClick={onCancel} data-testid="close-tab-cancel">
            Cancel
          </Button>
          <Button variant="danger" onClick={onDiscard} data-testid="close-tab-discard">
            Don&apos;t save
          </Button>
          <Button variant="primary" onClick={onSave} data-testid="close-tab-save" autoFocus>
            Save
          </Button>
        </>
      }
    >
      <p>
        {path} has unsaved changes. If you close it without saving, they are lost.
      </p>
    </Dialog>
  );
}
