"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import type { ComponentProps, ReactNode } from "react";
import { cx } from "./cx";

/**
 * A header menu on Radix's dropdown: arrow keys, Home/End and typeahead move between items, Escape
 * and a click outside close it, and focus returns to the button — what a hand-made popover missed.
 */
export function Menu({
  trigger,
  children,
  testId,
  className,
  align = "end",
}: {
  /** The button that opens the menu; Radix adds aria-haspopup, aria-expanded and data-state. */
  trigger: ReactNode;
  children: ReactNode;
  testId?: string;
  className?: string;
  align?: "start" | "end";
}) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align={align}
          sideOffset={4}
          collisionPadding={8}
          data-testid={testId}
          className={cx("z-50 rounded-md border border-white/10 bg-neutral-900 p-1 text-sm shadow-xl outline-none", className)}
        >
          {children}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

const itemClass = "block w-full cursor-default rounded px-3 py-2 text-left text-neutral-200 outline-none data-[highlighted]:bg-white/10 data-[highlighted]:text-white";

/** An item: `asChild` makes a link or button the item itself, keeping its own behaviour. */
export function MenuItem({ className, ...props }: ComponentProps<typeof DropdownMenu.Item>) {
  return <DropdownMenu.Item className={cx(itemClass, className)} {...props} />;
}

/** One of a set of choices, announced as checked or not. */
export function MenuRadioGroup(props: ComponentProps<typeof DropdownMenu.RadioGroup>) {
  return <DropdownMenu.RadioGroup {...props} />;
}

export function MenuRadioItem({ className, ...props }: ComponentProps<typeof DropdownMenu.RadioItem>) {
  return <DropdownMenu.RadioItem className={cx(itemClass, className)} {...props} />;
}

/** Text inside the menu that is not an item (a status line, an explanation). */
export function MenuLabel({ className, ...props }: ComponentProps<typeof DropdownMenu.Label>) {
  return <DropdownMenu.Label className={cx("px-3 py-1.5 text-xs text-neutral-400", className)} {...props} />;
}
