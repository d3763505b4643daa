"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { fuzzyFilter } from "@/lib/client/fuzzy-match";
import { ideCommands, keyLabel, type IdeCommandId } from "@/lib/client/ide-commands";
import { PickerDialog } from "@/components/ui/picker-dialog";

export type CommandPaletteProps = {
  /** What each command does here; commands this page cannot do are left out. */
  handlers: Partial<Record<IdeCommandId, () => void>>;
  onClose: () => void;
};

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** Ctrl/Cmd+Shift+P: the IDE's commands, fuzzy-filtered by name; Enter runs the highlighted one. */
export function CommandPalette({ handlers, onClose }: CommandPaletteProps) {
  const [query, setQuery] = useState("");
  const available = useMemo(() => ideCommands.filter((command) => handlers[command.id] && command.id !== "palette"), [handlers]);
  const results = useMemo(() => {
    const byTitle = new Map<string, (typeof available)[number]>(available.map((command) => [command.title, command]));
    return fuzzyFilter({ query, items: [...byTitle.keys()], limit: 50 }).map((result) => byTitle.get(result.item)!);
  }, [query, available]);
  const mac = isMac();
  return (
    <PickerDialog
      label="Command palette"
      placeholder="Type a command…"
      inputLabel="Command"
      testId="command-palette"
      items={results}
      itemKey={(command) => command.id}
      itemProps={(command) => ({ "data-command": command.id })}
      itemClassName="flex items-center justify-between"
      renderItem={(command) => (
        <>
          <span>{command.title}</span>
          {"keys" in command && <kbd className="font-mono text-xs text-neutral-400">{keyLabel(command.keys, mac)}</kbd>}
        </>
      )}
      empty="No matching commands"
      onQueryChange={setQuery}
      onChoose={(command) => handlers[command.id]?.()}
      onClose={onClose}
    />
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
