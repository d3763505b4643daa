import type { Metadata } from "next";
import { StatusPage } from "@/components/ui/status-page";

export const metadata: Metadata = { title: "Not found · Agent IDE" };

export default function NotFound() {
  return (
    <StatusPage code="404" title="This page is not here">
      The link may be mistyped, or the project was deleted or is not shared with you. Ask its owner for an invitation or
      a share link.
    </StatusPage>
  );
}
