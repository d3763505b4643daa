"use client";

import { useRouter } from "next/navigation";
import { authClient } from "@/lib/auth/auth-client";
import { forgetBrowserBlobCache } from "@/lib/client/blob-cache";

export function SignOutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      className="rounded px-2 py-1 text-sm text-white/70 hover:bg-white/10 hover:text-white"
      data-testid="sign-out"
      onClick={async () => {
        await Promise.all([authClient.signOut(), forgetBrowserBlobCache()]);
        router.replace("/sign-in");
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
