"use client";

import { useId, useState } from "react";
import type { ModelInfo, SessionSummary } from "@/lib/agent/ui-types";
import { parseAllowList } from "@/lib/client/agent-chat";
import { usePopover } from "@/hooks/use-popover";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { InfoIcon, ShieldIcon } from "./icons";

export type AgentSettings = Pick<SessionSummary, "model" | "approvalMode" | "allowList">;

/** Shown instead of a model picker when the server has no model: what answers, and how to add a model. */
export function OfflineAgentNotice() {
  const [open, setOpen] = useState(false);
  const hintId = useId();
  return (
    <div className="min-w-0 flex-1">
      <div className="flex min-w-0 items-center gap-1">
        <span
          data-testid="agent-offline-label"
          className="min-w-0 truncate rounded bg-amber-500/10 px-1.5 py-0.5 text-[11.5px] text-amber-200"
          title="Built-in offline agent — no AI model configured"
        >
          Built-in offline agent — no AI model configured
        </span>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={hintId}
          aria-label="How to configure a model"
          title="How to configure a model"
          onClick={() => setOpen(!open)}
          className="inline-flex h-6 w-6 shrink-0 items-center justify-center rounded text-neutral-400 hover:bg-white/10 hover:text-white"
        >
          <InfoIcon width={13} height={13} />
        </button>
      </div>
      <p id={hintId} hidden={!open} className="mt-1 text-[11.5px] leading-relaxed text-neutral-400" data-testid="agent-offline-hint">
        To use an AI model, set <code className="text-neutral-200">OPENAI_API_KEY</code> or{" "}
        <code className="text-neutral-200">ANTHROPIC_API_KEY</code> in the server&apos;s environment (or{" "}
        <code className="text-neutral-200">OPENAI_BASE_URL</code> for an OpenAI-compatible server such as a local one) and restart
        it.
      </p>
    </div>
  );
}

export function ModelPicker({
  models,
  value,
  onChange,
  disabled,
}: {
  models: readonly ModelInfo[];
  value: string | null;
  onChange: (modelId: string) => void;
  disabled?: boolean;
}) {
  const known = models.some((model) => model.id === value);
  return (
    <select
      aria-label="Model"
      data-testid="agent-model-select"
      value={value ?? ""}
      disabled={disabled || models.length === 0}
      onChange={(event) => onChange(event.target.value)}
      className="h-7 min-w-0 flex-1 truncate rounded border border-white/10 bg-neutral-900 px-1.5 text-[12px] text-neutral-200 outline-none hover:border-white/20 focus:border-sky-600 disabled:text-neutral-500"
    >
      {models.length === 0 && <option value="">Loading models…</option>}
      {value && !known && models.length > 0 && <option value={value}>{value} (not available)</option>}
      {models.map((model) => (
        <option key={model.id} value={model.id}>
          {model.label}
        </option>
      ))}
    </select>
  );
}

/** Auto, or ask before commands, code, deletes and writes outside the allow-list; the allow-list is edited here. */
export function ApprovalControl({
  mode,
  allowList,
  onChange,
}: {
  mode: "auto" | "ask";
  allowList: readonly string[];
  onChange: (patch: Partial<Pick<AgentSettings, "approvalMode" | "allowList">>) => void;
}) {
  const { open, setOpen, root } = usePopover();
  const [draft, setDraft] = useState("");
  const parsed = parseAllowList({ text: draft });
  const fieldId = useId();

  const option = (value: "auto" | "ask", label: string, title: string) => (
    <button
      type="button"
      role="radio"
      aria-checked={mode === value}
      title={title}
      data-testid={`agent-approval-${value}`}
      onClick={() => mode !== value && onChange({ approvalMode: value })}
      className={cx(
        "px-2 py-0.5 text-[11.5px] focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500",
        mode === value ? "bg-white/15 text-white" : "text-neutral-400 hover:text-white",
      )}
    >
      {label}
    </button>
  );

  return (
    <div ref={root} className="relative flex shrink-0 items-center gap-1">
      <div role="radiogroup" aria-label="Approval mode" className="flex overflow-hidden rounded border border-white/10">
        {option("auto", "Auto", "The agent runs commands and changes files without asking")}
        {option("ask", "Ask", "Ask before commands, code, deletes, and writes outside the allow-list")}
      </div>
      <button
        type="button"
        aria-label="Edit allow-list"
        title="Allow-list: files the agent may write without asking"
        aria-expanded={open}
        data-testid="agent-allow-list-button"
        onClick={() => {
          setDraft(allowList.join("\n"));
          setOpen(!open);
        }}
        className={cx(
          "inline-flex h-6 items-center gap-0.5 rounded px-1 text-[11px] hover:bg-white/10 hover:text-white",
          mode === "ask" ? "text-neutral-300" : "text-neutral-500",
        )}
      >
        <ShieldIcon width={13} height={13} />
        {allowList.length > 0 && <span className="tabular-nums">{allowList.length}</span>}
      </button>
      {open && (
        <div
          role="dialog"
          aria-label="Allow-list"
          data-testid="agent-allow-list"
          className="absolute top-full right-0 z-30 mt-1 w-[min(20rem,calc(100vw-2rem))] rounded-md border border-white/10 bg-neutral-900 p-3 shadow-xl"
        >
          <label htmlFor={fieldId} className="text-[12px] font-medium text-neutral-200">
            Files the agent may write without asking
          </label>
          <p className="mt-0.5 text-[11px] leading-relaxed text-neutral-500">
            In <span className="text-neutral-300">Ask</span> mode, the agent asks before it runs a command, deletes a file, or
            writes a file outside this list. One project path or glob a line, e.g. <code>src/**</code> or <code>README.md</code>.
          </p>
          <textarea
            id={fieldId}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            rows={5}
            spellCheck={false}
            data-testid="agent-allow-list-input"
            className="mt-2 w-full resize-y rounded border border-white/10 bg-neutral-950 px-2 py-1.5 font-mono text-[11.5px] text-neutral-100 outline-none focus:border-sky-600"
          />
          {parsed.problems.length > 0 && <p className="mt-1 text-[11px] text-red-300">{parsed.problems[0]}</p>}
          <div className="mt-2 flex justify-end gap-2">
            <Button variant="ghost" className="h-7 px-2 text-xs" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              variant="primary"
              className="h-7 px-2 text-xs"
              disabled={parsed.problems.length > 0}
              onClick={() => {
                onChange({ allowList: parsed.entries });
                setOpen(false);
              }}
            >
              Save allow-list
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
