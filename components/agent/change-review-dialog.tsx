"use client";

import dynamic from "next/dynamic";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import type { AgentApi } from "@/lib/client/agent-api";
import { useAgentTurnChanges } from "@/hooks/use-agent-turn-changes";
import { useDiffTexts } from "@/hooks/use-diff-texts";
import { Button, IconButton } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { CloseIcon } from "@/components/ui/icons";
import { ChangeBadge, LineCounts, type TurnReviewState } from "./changes-card";
import { ExternalIcon, Spinner } from "./icons";

// Monaco is large and touches window: loaded in the browser, when a diff is first opened.
const ChangeDiff = dynamic(() => import("./change-diff").then((m) => m.ChangeDiff), {
  ssr: false,
  loading: () => <Centered>Loading diff…</Centered>,
});

function Centered({ children }: { children: ReactNode }) {
  return <div className="flex h-full items-center justify-center p-6 text-center text-sm text-neutral-400">{children}</div>;
}

/** One file's diff: its two texts are read by hash when it is opened (the change list carries none). */
function FileDiff({
  projectId,
  turnId,
  path,
  before,
  after,
  sideBySide,
}: {
  projectId: string;
  turnId: string;
  path: string;
  before: string | null;
  after: string | null;
  sideBySide: boolean;
}) {
  const texts = useDiffTexts({ projectId, before, after });
  if (texts.status === "loading")
    return (
      <Centered>
        <Spinner className="mr-2" /> Reading the file…
      </Centered>
    );
  if (texts.status === "error") return <Centered>Could not read the file: {texts.message}</Centered>;
  if (texts.before === null || texts.after === null) return <Centered>Binary file: no text diff to show.</Centered>;
  return <ChangeDiff turnId={turnId} path={path} before={texts.before} after={texts.after} sideBySide={sideBySide} />;
}

/**
 * A turn's changed files in a Monaco diff (before the turn on the left, after it on the right), one
 * file at a time, with Accept / Reject per file.
 */
export function ChangeReviewDialog({
  projectId,
  turnId,
  initialPath,
  api,
  state,
  disabled,
  pending,
  onReview,
  onOpenFile,
  onClose,
}: {
  projectId: string;
  turnId: string;
  initialPath: string;
  api: AgentApi;
  state: TurnReviewState;
  disabled: boolean;
  pending: ReadonlySet<string>;
  onReview: (path: string, decision: "accept" | "reject") => Promise<boolean>;
  onOpenFile?: (path: string) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { load, retry, setDecision } = useAgentTurnChanges({ projectId, turnId, api });
  const [selected, setSelected] = useState(initialPath);
  const [sideBySide, setSideBySide] = useState(true);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const files = load.status === "ready" ? load.data.files : [];
  const file = files.find((f) => f.path === selected) ?? files[0] ?? null;
  const decisionOf = (path: string) => state.review[path] ?? files.find((f) => f.path === path)?.decision ?? null;

  const review = async (path: string, decision: "accept" | "reject") => {
    if (await onReview(path, decision)) setDecision(path, decision === "accept" ? "accepted" : "rejected");
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      data-testid="agent-review-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto h-[min(52rem,calc(100dvh-2rem))] w-[min(84rem,calc(100vw-2rem))] max-w-none overflow-hidden rounded-lg border border-white/10 bg-neutral-900 p-0 text-neutral-100 shadow-2xl backdrop:bg-black/60"
    >
      <div className="flex h-full flex-col">
        <header className="flex h-11 shrink-0 items-center gap-3 border-b border-white/10 px-4">
          <h2 id={titleId} className="text-sm font-semibold">
            {load.status === "ready" ? `Changes made in turn ${load.data.turn.seq}` : "Changes made in this turn"}
          </h2>
          {state.undone && <span className="rounded bg-white/10 px-1.5 py-px text-[11px] text-neutral-300">Undone</span>}
          <span className="flex-1" />
          <IconButton label="Close" onClick={onClose} data-testid="agent-review-close">
            <CloseIcon width={14} height={14} />
          </IconButton>
        </header>
        {load.status === "loading" && (
          <Centered>
            <Spinner className="mr-2" /> Loading the changes…
          </Centered>
        )}
        {load.status === "error" && (
          <Centered>
            <div>
              <p className="text-red-300">Could not load the changes: {load.message}</p>
              <Button className="mt-3" onClick={retry}>
                Try again
              </Button>
            </div>
          </Centered>
        )}
        {load.status === "ready" && (
          <div className="flex min-h-0 flex-1">
            <nav aria-label="Changed files" className="w-64 shrink-0 overflow-y-auto border-r border-white/10 py-1">
              <ul>
                {files.map((f) => {
                  const decision = decisionOf(f.path);
                  return (
                    <li key={f.path}>
                      <button
                        type="button"
                        aria-current={file?.path === f.path ? "true" : undefined}
                        data-testid="agent-review-file"
                        data-path={f.path}
                        data-decision={decision ?? undefined}
                        onClick={() => setSelected(f.path)}
                        className={cx(
                          "flex h-7 w-full min-w-0 items-center gap-2 px-3 text-left text-[12px] focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500",
                          file?.path === f.path ? "bg-sky-500/20 text-white" : "text-neutral-300 hover:bg-white/5",
                        )}
                      >
                        <ChangeBadge change={f.change} />
                        <span className={cx("min-w-0 flex-1 truncate font-mono text-[11.5px]", decision === "rejected" && "line-through opacity-60")} title={f.path}>
                          {f.path}
                        </span>
                        {decision === "accepted" && <span className="text-[10px] text-emerald-400">✓</span>}
                        {decision === "rejected" && <span className="text-[10px] text-red-400">✕</span>}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </nav>
            {file ? (
              <section aria-label={`Changes to ${file.path}`} className="flex min-w-0 flex-1 flex-col">
                <div className="flex h-10 shrink-0 items-center gap-2 border-b border-white/10 px-3">
                  <ChangeBadge change={file.change} />
                  <span className="min-w-0 truncate font-mono text-[12px] text-neutral-200" data-testid="agent-review-path">
                    {file.path}
                  </span>
                  <LineCounts additions={file.additions} deletions={file.deletions} binary={file.binary} />
                  <span className="flex-1" />
                  <label className="flex items-center gap-1.5 text-[11.5px] text-neutral-400">
                    <input type="checkbox" checked={sideBySide} onChange={(event) => setSideBySide(event.target.checked)} />
                    Side by side
                  </label>
                  {onOpenFile && file.change !== "deleted" && (
                    <Button
                      variant="ghost"
                      className="h-7 px-2 text-xs"
                      onClick={() => {
                        onOpenFile(file.path);
                        onClose();
                      }}
                    >
                      <ExternalIcon width={12} height={12} /> Open in editor
                    </Button>
                  )}
                  {pending.has(file.path) && <Spinner className="text-neutral-400" />}
                  {decisionOf(file.path) ? (
                    <span
                      data-testid="agent-review-decision"
                      className={cx(
                        "rounded px-2 py-0.5 text-[12px]",
                        decisionOf(file.path) === "accepted" ? "bg-emerald-500/10 text-emerald-300" : "bg-red-500/10 text-red-300",
                      )}
                    >
                      {decisionOf(file.path) === "accepted" ? "Accepted" : "Rejected — restored as before the turn"}
                    </span>
                  ) : (
                    !state.undone && (
                      <>
                        <Button
                          variant="secondary"
                          className="h-7 px-2.5 text-xs text-red-200"
                          disabled={disabled || pending.has(file.path)}
                          onClick={() => void review(file.path, "reject")}
                        >
                          Reject
                        </Button>
                        <Button
                          variant="primary"
                          className="h-7 px-2.5 text-xs"
                          disabled={disabled || pending.has(file.path)}
                          onClick={() => void review(file.path, "accept")}
                        >
                          Accept
                        </Button>
                      </>
                    )
                  )}
                </div>
                <div className="relative min-h-0 flex-1 bg-surface">
                  {file.binary ? (
                    <Centered>Binary file: no text diff to show.</Centered>
                  ) : (
                    <FileDiff
                      key={`${turnId}:${file.path}`}
                      projectId={projectId}
                      turnId={turnId}
                      path={file.path}
                      before={file.before}
                      after={file.after}
                      sideBySide={sideBySide}
                    />
                  )}
                </div>
              </section>
            ) : (
              <Centered>This turn changed no files.</Centered>
            )}
          </div>
        )}
      </div>
    </dialog>
  );
}
