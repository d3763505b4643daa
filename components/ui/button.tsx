import type { ButtonHTMLAttributes } from "react";
import { cx } from "./cx";

type Variant = "primary" | "secondary" | "danger" | "ghost";

const classByVariant: Record<Variant, string> = {
  // sky-700 under white text: 5.9:1, above the 4.5:1 WCAG AA asks for (sky-600 is 4.1:1).
  primary: "bg-sky-700 text-pure-white hover:bg-sky-800 disabled:bg-sky-700/50",
  secondary: "bg-white/10 text-neutral-100 hover:bg-white/15 disabled:text-neutral-500",
  danger: "bg-red-600 text-pure-white hover:bg-red-500 disabled:bg-red-600/50",
  ghost: "text-neutral-300 hover:bg-white/10 hover:text-white disabled:text-neutral-600",
};

export function Button({
  variant = "secondary",
  className,
  type = "button",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type={type}
      className={cx(
        "inline-flex shrink-0 items-center justify-center gap-1.5 rounded whitespace-nowrap px-3 py-1.5 text-sm font-medium transition-colors",
        "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-500 disabled:cursor-not-allowed",
        classByVariant[variant],
        className,
      )}
      {...props}
    />
  );
}

/** A square, icon-only button; `label` is its accessible name and tooltip. */
export function IconButton({
  label,
  className,
  type = "button",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { label: string }) {
  return (
    <button
      type={type}
      aria-label={label}
      title={label}
      className={cx(
        "inline-flex h-6 w-6 shrink-0 items-center justify-center rounded text-neutral-400 transition-colors",
        "hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-40",
        className,
      )}
      {...props}
    />
  );
}
