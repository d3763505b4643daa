import type { SaveStatus } from "@/hooks/use-workspace-controller";
import { cx } from "@/components/ui/cx";

const labelByStatus: Record<SaveStatus, string> = { saved: "Saved", saving: "Saving…", unsaved: "Unsaved changes" };

export function SaveStatusIndicator({ status }: { status: SaveStatus }) {
  return (
    <span
      role="status"
      data-testid="save-status"
      data-status={status}
      className={cx("flex items-center gap-1.5 text-xs", status === "unsaved" ? "text-amber-300" : "text-neutral-400")}
    >
      <span
        aria-hidden="true"
        className={cx(
          "h-1.5 w-1.5 rounded-full",
          status === "saved" && "bg-emerald-400",
          status === "saving" && "animate-pulse bg-sky-400",
          status === "unsaved" && "bg-amber-300",
        )}
      />
      {labelByStatus[status]}
    </span>
  );
}
