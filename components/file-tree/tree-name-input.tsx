"use client";

import { useEffect, useRef, useState } from "react";
import type { PathPlan } from "@/lib/client/tree-operations";

/**
 * The inline name field for creating or renaming an entry. It checks the name as you type and
 * shows why a name is refused; Enter submits, Escape cancels, leaving the field submits a valid name.
 */
export function TreeNameInput({
  initialValue = "",
  label,
  validate,
  onSubmit,
  onCancel,
}: {
  initialValue?: string;
  label: string;
  validate: (name: string) => PathPlan;
  onSubmit: (path: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(initialValue);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // Read by onBlur, which can fire before the re-render that disables the field.
  const submittingRef = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    // Select the name without its extension, so typing replaces "button" in "button.tsx".
    const dot = initialValue.lastIndexOf(".");
    input.setSelectionRange(0, dot > 0 ? dot : initialValue.length);
  }, [initialValue]);

  const submit = async () => {
    const plan = validate(value);
    if (!plan.ok) {
      setError(plan.reason);
      return;
    }
    if (submittingRef.current) return;
    submittingRef.current = true;
    setSubmitting(true);
    const ok = await onSubmit(plan.path);
    // On failure the reason is shown as a toast; keep the field so the name can be corrected.
    if (!ok) {
      submittingRef.current = false;
      setSubmitting(false);
      inputRef.current?.focus();
    }
  };

  return (
    <div className="relative min-w-0 flex-1">
      <input
        ref={inputRef}
        value={value}
        disabled={submitting}
        aria-label={label}
        aria-invalid={error !== null}
        aria-describedby={error ? "tree-name-error" : undefined}
        data-testid="tree-name-input"
        spellCheck={false}
        onChange={(event) => {
          setValue(event.target.value);
          const plan = validate(event.target.value);
          setError(plan.ok || event.target.value.trim() === "" ? null : plan.reason);
        }}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === "Enter") {
            event.preventDefault();
            void submit();
          } else if (event.key === "Escape") {
            event.preventDefault();
            onCancel();
          }
        }}
        onBlur={() => {
          if (submittingRef.current) return;
          if (value.trim() === "" || value === initialValue || !validate(value).ok) onCancel();
          else void submit();
        }}
        onClick={(event) => event.stopPropagation()}
        className="w-full rounded-sm border border-sky-500 bg-neutral-950 px-1 py-px text-[13px] text-white outline-none aria-[invalid=true]:border-red-500"
      />
      {error && (
        <p
          id="tree-name-error"
          role="alert"
          data-testid="tree-name-error"
          className="absolute top-full right-0 left-0 z-20 rounded-b border border-t-0 border-red-500 bg-red-950 px-1.5 py-1 text-xs text-red-100"
        >
          {error}
        </p>
      )}
    </div>
  );
}
