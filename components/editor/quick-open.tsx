"use client";

import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { fuzzyFilter } from "@/lib/client/fuzzy-match";
import { cx } from "@/components/ui/cx";

/** Ctrl/Cmd+P: type part of a path, Enter opens the highlighted file. */
export function QuickOpen({
  files,
  onOpen,
  onClose,
}: {
  files: readonly string[];
  onOpen: (path: string) => void;
  onClose: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState(0);
  const results = useMemo(() => fuzzyFilter({ query, items: files, limit: 100 }), [query, files]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  const choose = (index: number) => {
    const result = results[index];
    if (!result) return;
    onClose();
    onOpen(result.item);
  };

  return (
    <dialog
      ref={dialogRef}
      data-testid="quick-open"
      aria-label="Go to file"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog element itself.
        if (event.target === event.currentTarget) onClose();
      }}
      className="mx-auto mt-[12vh] w-[min(40rem,calc(100vw-2rem))] rounded-lg border border-white/10 bg-neutral-900 p-0 text-neutral-100 shadow-2xl backdrop:bg-black/40"
    >
      <input
        autoFocus
        value={query}
        placeholder="Go to file…"
        aria-label="File name"
        role="combobox"
        aria-expanded="true"
        aria-controls="quick-open-results"
        data-testid="quick-open-input"
        onChange={(event) => {
          setQuery(event.target.value);
          setSelected(0);
        }}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") setSelected((i) => Math.min(i + 1, results.length - 1));
          else if (event.key === "ArrowUp") setSelected((i) => Math.max(i - 1, 0));
          else if (event.key === "Enter") choose(selected);
          else return;
          event.preventDefault();
        }}
        className="w-full border-b border-white/10 bg-transparent px-4 py-3 text-sm outline-none placeholder:text-neutral-500"
      />
      <ul ref={listRef} id="quick-open-results" role="listbox" className="max-h-[50vh] overflow-y-auto py-1">
        {results.length === 0 && (
          <li className="px-4 py-2 text-sm text-neutral-500" data-testid="quick-open-empty">
            {files.length === 0 ? "This project has no files yet" : "No matching files"}
          </li>
        )}
        {results.map((result, index) => (
          <li
            key={result.item}
            role="option"
            aria-selected={index === selected}
            data-testid="quick-open-item"
            data-path={result.item}
            onMouseMove={() => setSelected(index)}
            onClick={() => choose(index)}
            className={cx("cursor-pointer truncate px-4 py-1.5 font-mono text-[13px]", index === selected ? "bg-sky-600/30 text-white" : "text-neutral-300")}
          >
            {highlight(result.item, result.positions)}
          </li>
        ))}
      </ul>
    </dialog>
  );
}

function highlight(text: string, positions: readonly number[]): ReactNode[] {
  const marked = new Set(positions);
  const parts: ReactNode[] = [];
  let run = "";
  let runMarked = false;
  const flush = (key: number) => {
    if (run === "") return;
    parts.push(runMarked ? <mark key={key} className="bg-transparent font-semibold text-sky-300">{run}</mark> : run);
    run = "";
  };
  for (let i = 0; i < text.length; i++) {
    if (marked.has(i) !== runMarked) {
      flush(i);
      runMarked = marked.has(i);
    }
    run += text[i];
  }
  flush(text.length);
  return parts;
}
