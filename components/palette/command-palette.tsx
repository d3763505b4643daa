"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { fuzzyFilter } from "@/lib/client/fuzzy-match";
import { ideCommands, keyLabel, type IdeCommandId } from "@/lib/client/ide-commands";
import { cx } from "@/components/ui/cx";

export type CommandPaletteProps = {
  /** What each command does here; commands this page cannot do are left out. */
  handlers: Partial<Record<IdeCommandId, () => void>>;
  onClose: () => void;
};

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** Ctrl/Cmd+Shift+P: the IDE's commands, fuzzy-filtered by name; Enter runs the highlighted one. */
export function CommandPalette({ handlers, onClose }: CommandPaletteProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState(0);
  const available = useMemo(() => ideCommands.filter((command) => handlers[command.id] && command.id !== "palette"), [handlers]);
  const results = useMemo(() => {
    const byTitle = new Map<string, (typeof available)[number]>(available.map((command) => [command.title, command]));
    return fuzzyFilter({ query, items: [...byTitle.keys()], limit: 50 }).map((result) => byTitle.get(result.item)!);
  }, [query, available]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const choose = (index: number) => {
    const command = results[index];
    if (!command) return;
    onClose();
    handlers[command.id]?.();
  };
  const mac = isMac();

  return (
    <dialog
      ref={dialogRef}
      data-testid="command-palette"
      aria-label="Command palette"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className="mx-auto mt-[12vh] w-[min(40rem,calc(100vw-2rem))] rounded-lg border border-white/10 bg-neutral-900 p-0 text-neutral-100 shadow-2xl backdrop:bg-black/40"
    >
      <input
        autoFocus
        value={query}
        placeholder="Type a command…"
        aria-label="Command"
        role="combobox"
        aria-expanded="true"
        aria-controls="command-palette-results"
        data-testid="command-palette-input"
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
      <ul id="command-palette-results" role="listbox" className="max-h-[50vh] overflow-y-auto py-1">
        {results.length === 0 && <li className="px-4 py-2 text-sm text-neutral-500">No matching commands</li>}
        {results.map((command, index) => (
          <li
            key={command.id}
            role="option"
            aria-selected={index === selected}
            data-testid="command-palette-item"
            data-command={command.id}
            onMouseMove={() => setSelected(index)}
            onClick={() => choose(index)}
            className={cx("flex cursor-pointer items-center justify-between px-4 py-1.5 text-[13px]", index === selected ? "bg-sky-600/30 text-white" : "text-neutral-300")}
          >
            <span>{command.title}</span>
            {"keys" in command && <kbd className="font-mono text-xs text-neutral-400">{keyLabel(command.keys, mac)}</kbd>}
          </li>
        ))}
      </ul>
    </dialog>
  );
}

/** The shortcuts sheet: every binding of the registry the palette uses. */
export function ShortcutsSheet({ onClose }: { onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const mac = isMac();
  return (
    <dialog
      ref={dialogRef}
      data-testid="shortcuts-sheet"
      aria-label="Keyboard shortcuts"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className="mx-auto mt-[10vh] w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-white/10 bg-neutral-900 p-4 text-neutral-100 shadow-2xl backdrop:bg-black/40"
    >
      <h2 className="mb-2 text-sm font-semibold">Keyboard shortcuts</h2>
      <table className="w-full text-[13px]">
        <tbody>
          {ideCommands.flatMap((command) =>
            "keys" in command
              ? [
                  <tr key={command.id} data-testid="shortcut-row">
                    <td className="py-1 text-neutral-300">{command.title}</td>
                    <td className="py-1 text-right">
                      <kbd className="rounded border border-white/10 px-1.5 font-mono text-xs">{keyLabel(command.keys, mac)}</kbd>
                    </td>
                  </tr>,
                ]
              : [],
          )}
        </tbody>
      </table>
    </dialog>
  );
}
