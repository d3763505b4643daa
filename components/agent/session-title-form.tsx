"use client";

import { useEffect, useRef, useState } from "react";

// As the server allows (lib/agent/ui-types.ts: the session title).
const titleMaxLength = 200;

/**
 * Renames a chat in place of the picker: Enter (or leaving the box) saves, Escape gives up. An empty
 * title is not offered to the server; the chat keeps its name.
 */
export function SessionTitleForm({ title, onSave, onCancel }: { title: string; onSave: (title: string) => void; onCancel: () => void }) {
  const [value, setValue] = useState(title);
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);

  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    const trimmed = value.trim();
    if (save && trimmed && trimmed !== title) onSave(trimmed);
    else onCancel();
  };

  return (
    <form
      className="min-w-0 flex-1"
      onSubmit={(event) => {
        event.preventDefault();
        finish(true);
      }}
    >
      <input
        ref={ref}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onBlur={() => finish(true)}
        onKeyDown={(event) => {
          if (event.key !== "Escape") return;
          event.preventDefault();
          event.stopPropagation();
          finish(false);
        }}
        maxLength={titleMaxLength}
        aria-label="Chat name"
        data-testid="agent-session-rename-input"
        className="h-7 w-full rounded border border-sky-500/60 bg-neutral-900 px-2 text-[13px] text-neutral-100 focus-visible:outline-none"
      />
    </form>
  );
}
