import Link from "next/link";
import type { ReactNode } from "react";
import { AppMark } from "./app-mark";

/** A whole-page message (not found, an error) in the app's look, with a way back. */
export function StatusPage({ code, title, children, actions }: { code: string; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-surface p-6 text-neutral-200">
      <div className="w-full max-w-md space-y-4 rounded-lg border border-white/10 bg-surface-raised p-6" data-testid="status-page">
        <AppMark />
        <p className="font-mono text-sm text-sky-400">{code}</p>
        <h1 className="text-xl font-semibold text-neutral-100">{title}</h1>
        {children && <div className="text-sm text-neutral-400">{children}</div>}
        <div className="flex flex-wrap gap-2 pt-2">
          {actions}
          <Link href="/projects" className="inline-flex items-center rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-pure-white hover:bg-sky-600" data-testid="status-page-home">
            Go to your projects
          </Link>
        </div>
      </div>
    </main>
  );
}
