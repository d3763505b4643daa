"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { cx } from "./cx";

/**
 * A modal on the native <dialog>: the browser traps focus, handles Escape and puts it on the top
 * layer. Mount it to open it and unmount it to close it.
 */
export function Dialog({
  title,
  children,
  actions,
  onClose,
  testId,
  className,
}: {
  title: ReactNode;
  children?: ReactNode;
  actions: ReactNode;
  onClose: () => void;
  testId?: string;
  className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={cx(
        "m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-white/10 bg-neutral-900 p-0 text-neutral-100 shadow-2xl",
        "backdrop:bg-black/60",
        className,
      )}
    >
      <div className="p-5">
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        {children && <div className="mt-3 text-sm text-neutral-300">{children}</div>}
      </div>
      <div className="flex justify-end gap-2 border-t border-white/10 bg-black/20 px-5 py-3">{actions}</div>
    </dialog>
  );
}
