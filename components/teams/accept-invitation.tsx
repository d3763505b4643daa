"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { describeError } from "@/lib/client/conflict";
import { teamApi } from "@/lib/workspaces/client-api";
import { Button } from "@/components/ui/button";
import { dashboardHref } from "@/lib/workspaces/paths";

export function AcceptInvitation({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const accept = async () => {
    setBusy(true);
    try {
      const { workspaceId } = await teamApi.accept(token);
      router.push(dashboardHref(workspaceId));
    } catch (err) {
      setError(`Could not join: ${describeError({ error: err })}`);
      setBusy(false);
    }
  };

  return (
    <div className="mt-6">
      <Button variant="primary" disabled={busy} onClick={() => void accept()} data-testid="invitation-accept">
        Accept and join
      </Button>
      {error && (
        <p role="alert" className="mt-3 text-sm text-red-300" data-testid="invitation-error">
          {error}
        </p>
      )}
    </div>
  );
}
