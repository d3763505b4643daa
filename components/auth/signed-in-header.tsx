import type { ReactNode } from "react";
import { SignOutButton } from "./sign-out-button";

/**
 * The top bar of a signed-in page outside the IDE: `children` on the left, who is signed in (their
 * display name, when the page passes it, then their email) and sign-out on the right.
 */
export function SignedInHeader({ email, name, children }: { email: string; name?: string; children: ReactNode }) {
  return (
    <header className="flex items-center justify-between border-b border-white/10 px-6 py-3">
      {children}
      <span className="flex items-center gap-3 text-sm text-white/60">
        {name && (
          <span data-testid="signed-in-name" className="font-medium text-neutral-200">
            {name}
          </span>
        )}
        <span data-testid="signed-in-as">{email}</span>
        <SignOutButton />
      </span>
    </header>
  );
}
