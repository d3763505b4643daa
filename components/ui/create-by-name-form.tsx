"use client";

import { useState, type FormEvent } from "react";
import { Button } from "./button";
import { cx } from "./cx";

/** A name field and a create button: checks the name first, shows why it failed, clears once created. */
export function CreateByNameForm({
  inputId,
  label,
  placeholder,
  submitLabel,
  testIdPrefix,
  className,
  validate,
  onCreate,
}: {
  inputId: string;
  /** The field's accessible name. */
  label: string;
  placeholder: string;
  submitLabel: string;
  /** Test ids `<prefix>-input`, `<prefix>-error` (also the error's id) and `<prefix>-submit`. */
  testIdPrefix: string;
  className?: string;
  /** The first problem with the name, or null when it is acceptable. */
  validate: (name: string) => string | null;
  /** Creates from the trimmed name; resolves to an error message, or null once created. */
  onCreate: (name: string) => Promise<string | null>;
}) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const errorId = `${testIdPrefix}-error`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = validate(name);
    if (problem) {
      setError(problem);
      return;
    }
    setCreating(true);
    setError(null);
    try {
      const failure = await onCreate(name.trim());
      setError(failure);
      if (!failure) setName("");
    } finally {
      setCreating(false);
    }
  };

  return (
    <form onSubmit={submit} className={cx(className, "flex items-start gap-2")} noValidate>
      <div className="flex-1">
        <label htmlFor={inputId} className="sr-only">
          {label}
        </label>
        <input
          id={inputId}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
          placeholder={placeholder}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          data-testid={`${testIdPrefix}-input`}
          className="w-full rounded border border-white/15 bg-neutral-900 px-3 py-1.5 text-sm text-neutral-100 outline-none placeholder:text-neutral-500 focus:border-sky-500 aria-[invalid=true]:border-red-500"
        />
        {error && (
          <p id={errorId} role="alert" data-testid={errorId} className="mt-1.5 text-sm text-red-300">
            {error}
          </p>
        )}
      </div>
      <Button type="submit" variant="primary" disabled={creating} data-testid={`${testIdPrefix}-submit`}>
        {creating ? "Creating…" : submitLabel}
      </Button>
    </form>
  );
}
