"use client";

import { useParams } from "next/navigation";
import { Share2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { projectApi } from "@/lib/client/project-api";
import { ShareDialog } from "./share-dialog";

/** The IDE header's Share button: the project comes from the page's address (/projects/<id>). */
export function ShareButton() {
  const { projectId } = useParams<{ projectId?: string }>();
  const [open, setOpen] = useState<{ head: string | null } | null>(null);
  if (!projectId) return null;
  return (
    <>
      <Button
        variant="ghost"
        className="h-7 px-2 text-xs"
        data-testid="share-button"
        title="Share this project"
        onClick={async () => setOpen({ head: await projectApi.headSnapshotId(projectId).catch(() => null) })}
      >
        <Share2 aria-hidden="true" width={14} height={14} />
        <span className="max-lg:sr-only">Share</span>
      </Button>
      {open && <ShareDialog projectId={projectId} headSnapshotId={open.head} onClose={() => setOpen(null)} />}
    </>
  );
}
