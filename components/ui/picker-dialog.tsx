"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { cx } from "./cx";

/**
 * A modal list filtered by what is typed (quick open, the command palette): the arrows move the
 * highlight, Enter or a click chooses, Escape or a click on the backdrop closes. The caller filters;
 * the picker keeps the highlight, its scrolling and the combobox's ARIA.
 */
export function PickerDialog<T>({
  label,
  placeholder,
  inputLabel,
  testId,
  items,
  itemKey,
  itemProps,
  renderItem,
  itemClassName,
  empty,
  onQueryChange,
  onChoose,
  onClose,
}: {
  label: string;
  placeholder: string;
  inputLabel: string;
  /** `<testId>`, `<testId>-input` and `<testId>-item` name the dialog, its input and its rows. */
  testId: string;
  items: readonly T[];
  itemKey: (item: T) => string;
  itemProps?: (item: T) => Record<`data-${string}`, string>;
  renderItem: (item: T) => ReactNode;
  itemClassName?: string;
  empty: ReactNode;
  onQueryChange: (query: string) => void;
  onChoose: (item: T) => void;
  onClose: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const listId = useId();
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState(0);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  const choose = (index: number) => {
    const item = items[index];
    if (item === undefined) return;
    onClose();
    onChoose(item);
  };
  const optionId = (index: number) => `${listId}-${index}`;

  return (
    <dialog
      ref={dialogRef}
      data-testid={testId}
      aria-label={label}
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
        placeholder={placeholder}
        aria-label={inputLabel}
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={items.length > 0 ? optionId(selected) : undefined}
        data-testid={`${testId}-input`}
        onChange={(event) => {
          setQuery(event.target.value);
          setSelected(0);
          onQueryChange(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") setSelected((i) => Math.min(i + 1, items.length - 1));
          else if (event.key === "ArrowUp") setSelected((i) => Math.max(i - 1, 0));
          else if (event.key === "Enter") choose(selected);
          else return;
          event.preventDefault();
        }}
        className="w-full border-b border-white/10 bg-transparent px-4 py-3 text-sm outline-none placeholder:text-neutral-500"
      />
      <ul ref={listRef} id={listId} role="listbox" aria-label={label} className="max-h-[50vh] overflow-y-auto py-1">
        {items.length === 0 && (
          <li className="px-4 py-2 text-sm text-neutral-400" data-testid={`${testId}-empty`}>
            {empty}
          </li>
        )}
        {items.map((item, index) => (
          <li
            key={itemKey(item)}
            id={optionId(index)}
            role="option"
            aria-selected={index === selected}
            data-testid={`${testId}-item`}
            {...itemProps?.(item)}
            onMouseMove={() => setSelected(index)}
            onClick={() => choose(index)}
            className={cx("cursor-pointer px-4 py-1.5 text-[13px]", index === selected ? "bg-sky-600/30 text-white" : "text-neutral-300", itemClassName)}
          >
            {renderItem(item)}
          </li>
        ))}
      </ul>
    </dialog>
  );
}
