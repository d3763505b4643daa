import type { ReactNode } from "react";
import { PreferencesSync } from "@/components/settings/preferences-sync";

/** Signed-in pages: the account's preferences are fetched once per load, wherever the person lands. */
export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PreferencesSync />
      {children}
    </>
  );
}
