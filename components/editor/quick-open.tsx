"use client";

import { useMemo, useState, type ReactNode } from "react";
import { fuzzyFilter } from "@/lib/client/fuzzy-match";
import { PickerDialog } from "@/components/ui/picker-dialog";

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
  const [query, setQuery] = useState("");
  const results = useMemo(() => fuzzyFilter({ query, items: files, limit: 100 }), [query, files]);
  return (
    <PickerDialog
      label="Go to file"
      placeholder="Go to file…"
      inputLabel="File name"
      testId="quick-open"
      items={results}
      itemKey={(result) => result.item}
      itemProps={(result) => ({ "data-path": result.item })}
      itemClassName="truncate font-mono"
      renderItem={(result) => highlight(result.item, result.positions)}
      empty={files.length === 0 ? "This project has no files yet" : "No matching files"}
      onQueryChange={setQuery}
      onChoose={(result) => onOpen(result.item)}
      onClose={onClose}
    />
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
