"use client";

import "./globals.css";
import { Button } from "@/components/ui/button";
import { StatusPage } from "@/components/ui/status-page";

/** The root layout itself failed: this replaces it, so it brings its own <html> and <body>. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en" className="dark">
      <body className="h-full antialiased">
        <StatusPage
          code="Error"
          title="The app could not start this page"
          actions={
            <Button variant="secondary" onClick={reset}>
              Try again
            </Button>
          }
        >
          Reload the page in a moment{error.digest ? `; if it keeps failing, quote error ${error.digest}` : ""}.
        </StatusPage>
      </body>
    </html>
  );
}
