"use client";

import { useEffect, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { cx } from "@/components/ui/cx";
import { SendIcon, StopIcon } from "./icons";

/**
 * The prompt box: Enter sends, Shift+Enter starts a new line. While the agent works the box is
 * disabled and Send becomes Stop.
 */
export function AgentInput({
  value,
  onChange,
  onSubmit,
  onStop,
  busy,
  disabled,
  placeholder,
  hint,
  focusToken = 0,
}: {
  value: string;
  onChange: (value: string) => void;
  onSubmit: (prompt: string) => void;
  onStop?: () => void;
  /** The agent is answering: Stop is offered. */
  busy: boolean;
  /** Nothing can be sent now (approvals pending, a session loading). */
  disabled?: boolean;
  placeholder?: string;
  /** A line under the box (what is blocking, which model answers). */
  hint?: ReactNode;
  /** Each change moves the focus into the box. */
  focusToken?: number;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const blocked = busy || !!disabled;

  useEffect(() => {
    if (focusToken > 0) ref.current?.focus();
  }, [focusToken]);

  // The box grows with its text, up to about a third of the panel.
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    box.style.height = "auto";
    box.style.height = `${Math.min(box.scrollHeight, 240)}px`;
  }, [value]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (blocked || !value.trim()) return;
    onSubmit(value);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter while an input method composes a word picks the word; it does not send.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form onSubmit={submit} className="shrink-0 border-t border-white/10 bg-neutral-950/60 p-2" data-testid="agent-input-form">
      <div
        className={cx(
          "flex items-end gap-1.5 rounded-lg border bg-neutral-900 px-2 py-1.5 transition-colors",
          blocked ? "border-white/5" : "border-white/10 focus-within:border-sky-600/70",
        )}
      >
        <textarea
          ref={ref}
          aria-label="Agent message input"
          data-testid="agent-input"
          rows={1}
          value={value}
          disabled={blocked}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={placeholder ?? "Ask the agent to build, fix or explain…"}
          spellCheck
          className="max-h-60 min-h-[1.5rem] flex-1 resize-none bg-transparent py-0.5 text-[13px] leading-relaxed text-neutral-100 outline-none placeholder:text-neutral-500 disabled:cursor-not-allowed disabled:text-neutral-400"
        />
        {busy && onStop ? (
          <button
            type="button"
            onClick={onStop}
            aria-label="Stop"
            title="Stop the agent"
            data-testid="agent-stop"
            className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-md bg-white/10 text-neutral-100 hover:bg-white/20 focus-visible:outline-2 focus-visible:outline-sky-500"
          >
            <StopIcon width={14} height={14} />
          </button>
        ) : (
          <button
            type="submit"
            aria-label="Send"
            title="Send (Enter)"
            disabled={blocked || !value.trim()}
            data-testid="agent-send"
            className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-md bg-sky-600 text-white hover:bg-sky-500 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:bg-white/5 disabled:text-neutral-600"
          >
            <SendIcon width={14} height={14} />
          </button>
        )}
      </div>
      <div className="mt-1 flex items-center gap-2 px-1 text-[10.5px] text-neutral-600">
        <span className="min-w-0 flex-1 truncate">{hint}</span>
        <span className="shrink-0">
          <kbd className="font-sans">Enter</kbd> to send · <kbd className="font-sans">Shift+Enter</kbd> new line
        </span>
      </div>
    </form>
  );
}
