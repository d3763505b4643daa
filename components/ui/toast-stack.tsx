"use client";

import { CloseIcon } from "./icons";
import { cx } from "./cx";

export type Toast = { id: number; kind: "error" | "info"; message: string };

/** Messages in the bottom-right corner; errors are announced to screen readers as alerts. */
export function ToastStack({ toasts, onDismiss }: { toasts: readonly Toast[]; onDismiss: (id: number) => void }) {
  return (
    <div className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-[min(26rem,calc(100vw-2rem))] flex-col gap-2">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          role={toast.kind === "error" ? "alert" : "status"}
          data-testid="toast"
          data-kind={toast.kind}
          className={cx(
            "pointer-events-auto flex items-start gap-2 rounded-md border px-3 py-2 text-sm shadow-lg",
            toast.kind === "error" ? "border-red-500/40 bg-red-950 text-red-100" : "border-white/10 bg-neutral-800 text-neutral-100",
          )}
        >
          <p className="min-w-0 flex-1 break-words whitespace-pre-line">{toast.message}</p>
          <button
            type="button"
            aria-label="Dismiss"
            onClick={() => onDismiss(toast.id)}
            className="rounded p-0.5 text-current opacity-70 hover:opacity-100"
          >
            <CloseIcon width={14} height={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
