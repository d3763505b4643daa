"use client";

import { useEffect, useRef, useState } from "react";
import { cx } from "@/components/ui/cx";
import { CheckIcon, CopyIcon } from "./icons";

/** Copies `text` and says so for a moment; the label is the button's accessible name. */
export function CopyButton({ text, label = "Copy code", className }: { text: string; label?: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard access refused (permissions, insecure context): nothing to show but no change.
    }
  };
  return (
    <button
      type="button"
      onClick={() => void copy()}
      aria-label={copied ? "Copied" : label}
      title={copied ? "Copied" : label}
      className={cx(
        "inline-flex h-6 items-center gap-1 rounded px-1.5 text-[11px] text-neutral-400 hover:bg-white/10 hover:text-white",
        "focus-visible:outline-2 focus-visible:outline-sky-500",
        className,
      )}
    >
      {copied ? <CheckIcon width={12} height={12} className="text-emerald-400" /> : <CopyIcon width={12} height={12} />}
      <span>{copied ? "Copied" : "Copy"}</span>
    </button>
  );
}
