"use client";

import { Button } from "@/components/ui/button";
import { StatusPage } from "@/components/ui/status-page";

/** A page that failed to render: try it again, or go back to the projects. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      code="Error"
      title="Something went wrong on this page"
      actions={
        <Button variant="secondary" onClick={reset} data-testid="status-page-retry">
          Try again
        </Button>
      }
    >
      Your saved files are safe; unsaved edits are kept as drafts in this browser. If it happens again, reload the page
      {error.digest ? ` and quote error ${error.digest} when you report it` : ""}.
    </StatusPage>
  );
}
