"use client";

import { Download } from "lucide-react";
import { downloadFile } from "@/lib/client/download";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";

/** Downloads an open file as it is shown (bytes, or the text in the editor). */
export function DownloadButton({ name, data, mime, className }: { name: string; data: Uint8Array | string; mime: string; className?: string }) {
  return (
    <Button
      variant="ghost"
      data-testid="file-download"
      title={`Download ${name}`}
      className={cx("h-6 px-2 text-xs", className)}
      onClick={() => downloadFile({ name, data, mime })}
    >
      <Download aria-hidden="true" width={13} height={13} />
      Download
    </Button>
  );
}
