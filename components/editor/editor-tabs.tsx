"use client";

import type { KeyboardEvent } from "react";
import { baseName, parentOf } from "@/lib/validation/paths";
import { cx } from "@/components/ui/cx";
import { CloseIcon } from "@/components/ui/icons";
import { HistoryIcon } from "@/components/history/history-icon";

/** A tab label: the file name, plus its folder when two open files share a name. */
function labelFor(path: string, tabs: readonly string[]): { name: string; hint: string | null } {
  const name = baseName(path);
  const clash = tabs.some((other) => other !== path && baseName(other) === name);
  return { name, hint: clash ? parentOf(path) || "/" : null };
}

export function EditorTabs({
  tabs,
  active,
  isDirty,
  isChangedElsewhere = () => false,
  onActivate,
  onClose,
  onHistory,
}: {
  tabs: readonly string[];
  active: string | null;
  isDirty: (path: string) => boolean;
  /** Unsaved edits begun on a version that has since been saved or deleted elsewhere. */
  isChangedElsewhere?: (path: string) => boolean;
  onActivate: (path: string) => void;
  onClose: (path: string) => void;
  /** The active tab offers its file's history. */
  onHistory?: (path: string) => void;
}) {
  // The tabs pattern: one tab in the Tab order, the arrows, Home and End move along the row (and
  // open what they land on), Delete closes. Close and history are pointer shortcuts inside the tab,
  // hidden from assistive technology: a control nested in a tab is announced as neither.
  const onTabKeyDown = (event: KeyboardEvent<HTMLDivElement>, path: string) => {
    const index = tabs.indexOf(path);
    const target =
      event.key === "ArrowRight" ? tabs[(index + 1) % tabs.length] :
      event.key === "ArrowLeft" ? tabs[(index - 1 + tabs.length) % tabs.length] :
      event.key === "Home" ? tabs[0] :
      event.key === "End" ? tabs[tabs.length - 1] :
      undefined;
    if (target !== undefined) {
      onActivate(target);
      const row = event.currentTarget.parentElement;
      row?.querySelector<HTMLElement>(`[data-testid="tab"][data-path="${CSS.escape(target)}"]`)?.focus();
    } else if (event.key === "Enter" || event.key === " ") onActivate(path);
    else if (event.key === "Delete") onClose(path);
    else return;
    event.preventDefault();
  };

  return (
    <div role="tablist" aria-label="Open files" data-testid="tabs" className="flex min-w-0 flex-1 overflow-x-auto">
      {tabs.map((path) => {
        const { name, hint } = labelFor(path, tabs);
        const dirty = isDirty(path);
        const elsewhere = dirty && isChangedElsewhere(path);
        const selected = path === active;
        return (
          <div
            key={path}
            role="tab"
            aria-selected={selected}
            tabIndex={selected ? 0 : -1}
            title={elsewhere ? `${path} (changed elsewhere since you began editing)` : path}
            data-testid="tab"
            data-path={path}
            data-dirty={dirty ? "true" : "false"}
            data-changed-elsewhere={elsewhere ? "true" : "false"}
            data-active={selected ? "true" : "false"}
            onClick={() => onActivate(path)}
            onAuxClick={(event) => {
              if (event.button === 1) onClose(path);
            }}
            onKeyDown={(event) => onTabKeyDown(event, path)}
            aria-keyshortcuts="Delete"
            className={cx(
              "group flex h-9 shrink-0 cursor-pointer items-center gap-1.5 border-r border-white/10 pr-1.5 pl-3 text-[13px]",
              selected ? "bg-surface text-white" : "bg-neutral-900 text-neutral-400 hover:text-neutral-200",
            )}
          >
            <span className="max-w-48 truncate">{name}</span>
            {hint && <span className="max-w-32 truncate text-xs text-neutral-400">{hint}</span>}
            {dirty && <span className="sr-only">, unsaved changes</span>}
            {onHistory && selected && (
              <span
                aria-hidden="true"
                title={`History of ${name}`}
                data-testid="tab-history"
                onClick={(event) => {
                  event.stopPropagation();
                  onHistory(path);
                }}
                className="flex h-5 w-5 items-center justify-center rounded text-neutral-400 hover:bg-white/10 hover:text-white"
              >
                <HistoryIcon width={13} height={13} />
              </span>
            )}
            <span
              aria-hidden="true"
              title={dirty ? `Close ${name} (unsaved changes) · Delete` : `Close ${name} · Delete`}
              data-testid="tab-close"
              onClick={(event) => {
                event.stopPropagation();
                onClose(path);
              }}
              className="relative flex h-5 w-5 items-center justify-center rounded hover:bg-white/10"
            >
              {dirty && (
                <span
                  data-testid="tab-dirty-marker"
                  aria-hidden="true"
                  className={cx("text-sm leading-none group-hover:hidden", elsewhere ? "text-amber-400" : "text-neutral-200")}
                >
                  ●
                </span>
              )}
              <CloseIcon
                width={14}
                height={14}
                className={cx(dirty ? "hidden group-hover:block" : selected ? "block" : "invisible group-hover:visible")}
              />
            </span>
          </div>
        );
      })}
    </div>
  );
}
