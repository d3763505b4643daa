"use client";

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
            onKeyDown={(event) => {
              if (event.key === "Enter" || event.key === " ") onActivate(path);
            }}
            className={cx(
              "group flex h-9 shrink-0 cursor-pointer items-center gap-1.5 border-r border-white/10 pr-1.5 pl-3 text-[13px]",
              selected ? "bg-surface text-white" : "bg-neutral-900 text-neutral-400 hover:text-neutral-200",
            )}
          >
            <span className="max-w-48 truncate">{name}</span>
            {hint && <span className="max-w-32 truncate text-xs text-neutral-500">{hint}</span>}
            {onHistory && selected && (
              <button
                type="button"
                aria-label={`History of ${name}`}
                title={`History of ${name}`}
                data-testid="tab-history"
                onClick={(event) => {
                  event.stopPropagation();
                  onHistory(path);
                }}
                className="flex h-5 w-5 items-center justify-center rounded text-neutral-400 hover:bg-white/10 hover:text-white"
              >
                <HistoryIcon width={13} height={13} />
              </button>
            )}
            <button
              type="button"
              aria-label={dirty ? `Close ${name} (unsaved changes)` : `Close ${name}`}
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
            </button>
          </div>
        );
      })}
    </div>
  );
}
