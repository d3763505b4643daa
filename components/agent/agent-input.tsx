"use client";

import type { FileUIPart } from "ai";
import { useEffect, useId, useMemo, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { imageMediaTypes } from "@/lib/agent/message-context";
import { imageProblem, insertMention, mentionQuery, mentionSuggestions, readImageAttachment } from "@/lib/client/agent-attachments";
import { cx } from "@/components/ui/cx";
import { Icon } from "@/components/ui/icons";
import { CrossIcon, SendIcon, StopIcon } from "./icons";

/**
 * The prompt box: Enter sends, Shift+Enter starts a new line. While the agent works the box is
 * disabled and Send becomes Stop. Typing `@` offers project files to mention; images can be pasted,
 * dropped or attached and go with the message.
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
  mentionPaths = noPaths,
}: {
  value: string;
  onChange: (value: string) => void;
  /** The prompt and the images attached to it (cleared here once sent). */
  onSubmit: (prompt: string, files: FileUIPart[]) => void;
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
  /** Project files offered after `@`. */
  mentionPaths?: readonly string[];
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const blocked = busy || !!disabled;
  const [files, setFiles] = useState<FileUIPart[]>([]);
  const [attachError, setAttachError] = useState<string | null>(null);
  const [caret, setCaret] = useState(0);
  const [picked, setPicked] = useState(0);
  const mentionListId = useId();
  const [mentionClosed, setMentionClosed] = useState(false);
  const mention = mentionPaths.length > 0 && !mentionClosed && !blocked ? mentionQuery({ value, caret }) : null;
  const suggestions = useMemo(() => (mention ? mentionSuggestions({ query: mention.query, paths: mentionPaths }) : []), [mention?.query, mentionPaths]); // eslint-disable-line react-hooks/exhaustive-deps
  const open = suggestions.length > 0;

  const attach = async (list: Iterable<File>) => {
    setAttachError(null);
    let count = files.length;
    const added: FileUIPart[] = [];
    for (const file of list) {
      const problem = imageProblem({ file, attached: count });
      if (problem) {
        setAttachError(problem);
        continue;
      }
      try {
        added.push(await readImageAttachment(file));
        count++;
      } catch (error) {
        setAttachError(error instanceof Error ? error.message : `${file.name} could not be read`);
      }
    }
    if (added.length) setFiles((previous) => [...previous, ...added]);
  };
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const images = [...event.clipboardData.files].filter((f) => f.type.startsWith("image/"));
    if (images.length === 0) return;
    event.preventDefault();
    void attach(images);
  };
  const onDrop = (event: DragEvent<HTMLFormElement>) => {
    if (event.dataTransfer.files.length === 0) return;
    event.preventDefault();
    void attach(event.dataTransfer.files);
  };

  const pick = (path: string) => {
    if (!mention) return;
    const next = insertMention({ value, start: mention.start, caret, path });
    onChange(next.value);
    setCaret(next.caret);
    requestAnimationFrame(() => {
      ref.current?.setSelectionRange(next.caret, next.caret);
      ref.current?.focus();
    });
  };

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
    onSubmit(value, files);
    setFiles([]);
    setAttachError(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      const move = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
      if (move) {
        event.preventDefault();
        setPicked((i) => (i + move + suggestions.length) % suggestions.length);
        return;
      }
      if ((event.key === "Enter" || event.key === "Tab") && !event.nativeEvent.isComposing) {
        event.preventDefault();
        pick(suggestions[Math.min(picked, suggestions.length - 1)]!);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setMentionClosed(true);
        return;
      }
    }
    // Enter while an input method composes a word picks the word; it does not send.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      onSubmit={submit}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes("Files")) event.preventDefault();
      }}
      onDrop={onDrop}
      className="relative shrink-0 border-t border-white/10 bg-neutral-950/60 p-2"
      data-testid="agent-input-form"
    >
      {open && (
        <ul
          id={mentionListId}
          role="listbox"
          aria-label="Files to mention"
          data-testid="agent-mention-list"
          className="absolute right-2 bottom-full left-2 z-20 mb-1 max-h-60 overflow-y-auto rounded-md border border-white/10 bg-neutral-900 py-1 shadow-xl"
        >
          {suggestions.map((path, index) => (
            <li
              key={path}
              id={`${mentionListId}-${index}`}
              role="option"
              aria-selected={index === picked}
              data-testid="agent-mention-option"
              onMouseDown={(event) => {
                event.preventDefault();
                pick(path);
              }}
              className={cx("cursor-pointer truncate px-3 py-1 font-mono text-[12px]", index === picked ? "bg-sky-600/30 text-white" : "text-neutral-300")}
            >
              {path}
            </li>
          ))}
        </ul>
      )}
      {(files.length > 0 || attachError) && (
        <div className="mb-1.5 flex flex-wrap items-center gap-1.5">
          {files.map((file, index) => (
            <span key={index} data-testid="agent-attachment" className="relative inline-flex items-center rounded border border-white/10 bg-neutral-900">
              {/* eslint-disable-next-line @next/next/no-img-element -- a data URL: next/image has nothing to optimize */}
              <img src={file.url} alt={file.filename ?? "Attached image"} className="h-10 w-10 rounded object-cover" />
              <button
                type="button"
                aria-label={`Remove ${file.filename ?? "image"}`}
                onClick={() => setFiles((previous) => previous.filter((_, i) => i !== index))}
                className="absolute -top-1.5 -right-1.5 inline-flex h-4 w-4 items-center justify-center rounded-full bg-neutral-700 text-neutral-100 hover:bg-neutral-600"
              >
                <CrossIcon width={9} height={9} />
              </button>
            </span>
          ))}
          {attachError && (
            <span role="alert" data-testid="agent-attach-error" className="text-[11.5px] text-red-300">
              {attachError}
            </span>
          )}
        </div>
      )}
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
          onChange={(event) => {
            onChange(event.target.value);
            setCaret(event.target.selectionStart);
            setPicked(0);
            setMentionClosed(false);
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          // A textbox may not say aria-expanded; it names the open list and its highlighted option instead.
          aria-autocomplete={mentionPaths.length > 0 ? "list" : undefined}
          aria-controls={open ? mentionListId : undefined}
          aria-activedescendant={open && suggestions.length > 0 ? `${mentionListId}-${picked}` : undefined}
          placeholder={placeholder ?? "Ask the agent to build, fix or explain…"}
          spellCheck
          className="max-h-60 min-h-[1.5rem] flex-1 resize-none bg-transparent py-0.5 text-[13px] leading-relaxed text-neutral-100 outline-none placeholder:text-neutral-500 disabled:cursor-not-allowed disabled:text-neutral-400"
        />
        <input
          ref={fileInput}
          type="file"
          accept={imageMediaTypes.join(",")}
          multiple
          hidden
          data-testid="agent-attach-input"
          onChange={(event) => {
            if (event.target.files) void attach([...event.target.files]);
            event.target.value = "";
          }}
        />
        <button
          type="button"
          aria-label="Attach images"
          title="Attach images (or paste or drop them)"
          disabled={blocked}
          onClick={() => fileInput.current?.click()}
          data-testid="agent-attach"
          className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-neutral-400 hover:bg-white/10 hover:text-neutral-100 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:text-neutral-700"
        >
          <Icon width={14} height={14}>
            <rect x="2" y="3" width="12" height="10" rx="1.5" />
            <path d="M2.5 11l3.5-3.5 3 3 2-2 2.5 2.5" />
            <circle cx="10.5" cy="6" r="1" />
          </Icon>
        </button>
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
            className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-md bg-sky-600 text-pure-white hover:bg-sky-500 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:bg-white/5 disabled:text-neutral-600"
          >
            <SendIcon width={14} height={14} />
          </button>
        )}
      </div>
      <div className="mt-1 flex items-center gap-2 px-1 text-[10.5px] text-neutral-400">
        <span className="min-w-0 flex-1 truncate">{hint}</span>
        <span className="shrink-0">
          <kbd className="font-sans">@</kbd> file · <kbd className="font-sans">Enter</kbd> to send · <kbd className="font-sans">Shift+Enter</kbd> new line
        </span>
      </div>
    </form>
  );
}

const noPaths: readonly string[] = [];
