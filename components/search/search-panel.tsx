"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "@/lib/client/api-error";
import { searchApi } from "@/lib/client/search-api";
import type { RevealTarget } from "@/lib/client/editor-reveal";
import type { ProjectSearchResponse } from "@/lib/validation/search";
import { cx } from "@/components/ui/cx";

type Options = { regex: boolean; caseSensitive: boolean; wholeWord: boolean };

export type SearchPanelProps = {
  projectId: string;
  /** The head this tab holds: a new one (a save, a replace, someone else) searches again. */
  headSnapshotId: string | null;
  /** Editors replace; readers only search. */
  canReplace: boolean;
  onOpenResult: (target: RevealTarget) => void;
  onClose: () => void;
  onError: (message: string) => void;
  onInfo: (message: string) => void;
  /** Bumped to put the cursor back in the search box (Ctrl+Shift+F while open). */
  focusToken: number;
};

const toggles: { key: keyof Options; label: string; title: string; testId: string }[] = [
  { key: "caseSensitive", label: "Aa", title: "Match case", testId: "search-case" },
  { key: "wholeWord", label: "ab", title: "Match whole word", testId: "search-word" },
  { key: "regex", label: ".*", title: "Use regular expression", testId: "search-regex" },
];

/** Search across the project's saved files (server-side), results by file, and replace-all as one snapshot. */
export function SearchPanel({ projectId, headSnapshotId, canReplace, onOpenResult, onClose, onError, onInfo, focusToken }: SearchPanelProps) {
  const [query, setQuery] = useState("");
  const [replacement, setReplacement] = useState("");
  const [include, setInclude] = useState("");
  const [exclude, setExclude] = useState("");
  const [options, setOptions] = useState<Options>({ regex: false, caseSensitive: false, wholeWord: false });
  const [result, setResult] = useState<ProjectSearchResponse | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef(0);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusToken]);

  const request = { query, include, exclude, ...options };
  const requestKey = JSON.stringify(request);
  const run = useCallback(async () => {
    const parsed = JSON.parse(requestKey) as typeof request;
    const id = ++latest.current;
    if (!parsed.query) {
      setResult(null);
      setProblem(null);
      return;
    }
    setBusy(true);
    try {
      const found = await searchApi.search(projectId, parsed);
      if (id !== latest.current) return;
      setResult(found);
      setProblem(null);
    } catch (error) {
      if (id !== latest.current) return;
      setResult(null);
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      if (id === latest.current) setBusy(false);
    }
    // The request is read from its key: a new function only when what is searched for changed.
  }, [projectId, requestKey]);

  // Typing searches after a pause; a new head searches again so the results match the files.
  useEffect(() => {
    const timer = setTimeout(() => void run(), 250);
    return () => clearTimeout(timer);
  }, [run, headSnapshotId]);

  const replaceAll = async () => {
    if (!result?.snapshotId || result.files.length === 0) return;
    setReplacing(true);
    try {
      const done = await searchApi.replace(projectId, {
        ...request,
        replacement,
        snapshotId: result.snapshotId,
        paths: result.files.map((file) => file.path),
      });
      onInfo(
        `Replaced ${done.replacements} match${done.replacements === 1 ? "" : "es"} in ${done.filesChanged} file${done.filesChanged === 1 ? "" : "s"} as one version (History restores the one before)`,
      );
      await run();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409)
        onError(`${error.message}. Nothing was replaced; the results are searched again, then replace again.`);
      else onError(error instanceof Error ? error.message : String(error));
      await run();
    } finally {
      setReplacing(false);
    }
  };

  const fileCount = result?.files.length ?? 0;
  return (
    <section data-testid="search-panel" aria-label="Search across files" className="flex h-full min-w-0 flex-col bg-surface-muted text-sm">
      <header className="flex items-center justify-between px-3 py-2 text-xs font-semibold uppercase tracking-wide text-neutral-400">
        <span>Search</span>
        <button type="button" data-testid="search-close" title="Close search (back to the files)" aria-label="Close search" className="rounded px-1 hover:bg-neutral-700" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="flex flex-col gap-1.5 px-3 pb-2">
        <div className="flex items-center gap-1">
          <input
            ref={input}
            data-testid="search-query"
            aria-label="Search"
            placeholder="Search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") void run();
              if (event.key === "Escape") onClose();
            }}
            className="min-w-0 flex-1 rounded border border-neutral-700 bg-neutral-900 px-2 py-1 text-neutral-100 outline-none focus:border-sky-600"
          />
          {toggles.map((toggle) => (
            <button
              key={toggle.key}
              type="button"
              data-testid={toggle.testId}
              title={toggle.title}
              aria-label={toggle.title}
              aria-pressed={options[toggle.key]}
              onClick={() => setOptions((current) => ({ ...current, [toggle.key]: !current[toggle.key] }))}
              className={cx(
                "rounded border px-1.5 py-0.5 font-mono text-xs",
                options[toggle.key] ? "border-sky-600 bg-sky-900/60 text-sky-100" : "border-transparent text-neutral-400 hover:bg-neutral-800",
              )}
            >
              {toggle.label}
            </button>
          ))}
        </div>
        {canReplace && (
          <div className="flex items-center gap-1">
            <input
              data-testid="search-replace"
              aria-label="Replace"
              placeholder="Replace"
              value={replacement}
              onChange={(event) => setReplacement(event.target.value)}
              className="min-w-0 flex-1 rounded border border-neutral-700 bg-neutral-900 px-2 py-1 text-neutral-100 outline-none focus:border-sky-600"
            />
            <button
              type="button"
              data-testid="search-replace-all"
              title={options.regex ? "Replace all ($1, $& refer to the match's groups)" : "Replace all"}
              disabled={replacing || busy || fileCount === 0}
              onClick={() => void replaceAll()}
              className="rounded border border-neutral-700 px-2 py-0.5 text-xs text-neutral-200 hover:bg-neutral-800 disabled:opacity-40"
            >
              Replace all
            </button>
          </div>
        )}
        <input
          data-testid="search-include"
          aria-label="Files to include"
          placeholder="files to include (e.g. src, *.ts)"
          value={include}
          onChange={(event) => setInclude(event.target.value)}
          className="rounded border border-neutral-700 bg-neutral-900 px-2 py-1 text-xs text-neutral-100 outline-none focus:border-sky-600"
        />
        <input
          data-testid="search-exclude"
          aria-label="Files to exclude"
          placeholder="files to exclude (e.g. dist, *.min.js)"
          value={exclude}
          onChange={(event) => setExclude(event.target.value)}
          className="rounded border border-neutral-700 bg-neutral-900 px-2 py-1 text-xs text-neutral-100 outline-none focus:border-sky-600"
        />
      </div>
      <div data-testid="search-summary" aria-live="polite" className="px-3 pb-1 text-xs text-neutral-400">
        {problem ? (
          <span className="text-red-300">{problem}</span>
        ) : busy && !result ? (
          "Searching…"
        ) : result ? (
          `${result.matches} result${result.matches === 1 ? "" : "s"} in ${fileCount} file${fileCount === 1 ? "" : "s"}` +
          (result.truncated ? " (more exist: narrow the search)" : "")
        ) : null}
      </div>
      <ul data-testid="search-results" className="min-h-0 flex-1 overflow-auto pb-2">
        {result?.files.map((file) => {
          const open = !collapsed.has(file.path);
          return (
            <li key={file.path} data-testid="search-file" data-path={file.path}>
              <button
                type="button"
                aria-expanded={open}
                onClick={() =>
                  setCollapsed((current) => {
                    const next = new Set(current);
                    if (next.has(file.path)) next.delete(file.path);
                    else next.add(file.path);
                    return next;
                  })
                }
                className="flex w-full items-center gap-1 px-3 py-0.5 text-left text-neutral-200 hover:bg-neutral-800"
              >
                <span className="text-neutral-500">{open ? "▾" : "▸"}</span>
                <span className="truncate">{file.path}</span>
                <span className="ml-auto rounded-full bg-neutral-700 px-1.5 text-xs">{file.lines.reduce((sum, line) => sum + line.ranges.length, 0)}</span>
              </button>
              {open && (
                <ul>
                  {file.lines.map((line) => (
                    <li key={line.line}>
                      <button
                        type="button"
                        data-testid="search-line"
                        title={`${file.path}:${line.line}`}
                        onClick={() => onOpenResult({ path: file.path, line: line.line, start: line.ranges[0]?.[0] ?? 0, end: line.ranges[0]?.[1] ?? 0 })}
                        className="flex w-full gap-2 py-0.5 pl-7 pr-3 text-left font-mono text-xs text-neutral-300 hover:bg-neutral-800"
                      >
                        <span className="shrink-0 text-neutral-500">{line.line}</span>
                        <span className="truncate whitespace-pre">{highlighted(line.text, line.ranges)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function highlighted(text: string, ranges: [number, number][]) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  ranges.forEach(([start, end], i) => {
    if (start < at) return;
    parts.push(text.slice(at, start));
    parts.push(
      <mark key={i} className="rounded-sm bg-amber-500/40 text-inherit">
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  });
  parts.push(text.slice(at));
  return parts;
}
