import { cx } from "./cx";

/** An error that stays until the person dismisses it. */
export function ErrorBanner({ message, testId, className, onDismiss }: { message: string; testId: string; className?: string; onDismiss: () => void }) {
  return (
    <div role="alert" data-testid={testId} className={cx(className, "flex items-start gap-3 rounded border border-red-500/40 bg-red-950/60 px-3 py-2 text-sm text-red-100")}>
      <p className="flex-1">{message}</p>
      <button type="button" className="text-red-200 underline" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
