import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SignedInHeader } from "@/components/auth/signed-in-header";
import { AuditEventList } from "@/components/audit/audit-event-list";
import { listAuditEvents } from "@/lib/audit/list";
import { auditQuerySchema } from "@/lib/audit/schemas";
import { requirePageCaller } from "@/lib/auth/session";
import { getWorkspaceName } from "@/lib/db/queries/audit-events";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Audit log · Agent IDE" };

type Props = { params: Promise<{ workspaceId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** A workspace's audit log for its admins and owners, newest first, a page at a time. */
export default async function AuditPage({ params, searchParams }: Props) {
  const { workspaceId } = await params;
  const caller = await requirePageCaller(`/workspaces/${encodeURIComponent(workspaceId)}/audit`);
  const raw = await searchParams;
  const query = auditQuerySchema.safeParse({ before: typeof raw.before === "string" ? raw.before : undefined });
  if (!query.success) notFound();
  let page;
  try {
    page = await listAuditEvents({ caller, workspaceId, query: query.data });
  } catch (error) {
    // Not a member, not allowed, or a bad cursor: the same page as a workspace that does not exist.
    if (error instanceof AppError && ["not_found", "forbidden", "bad_request"].includes(error.kind)) notFound();
    throw error;
  }
  const name = await getWorkspaceName({ id: workspaceId });
  return (
    <div className="min-h-full">
      <SignedInHeader email={caller.email}>
        <Link href="/projects" className="font-semibold hover:text-sky-300">
          Agent IDE
        </Link>
      </SignedInHeader>
      <main className="mx-auto w-full max-w-4xl px-6 py-10">
        <h1 className="text-2xl font-semibold text-neutral-100">Audit log</h1>
        <p className="mt-1 text-sm text-neutral-400" data-testid="audit-workspace-name">
          {name}: sign-ins, roles, invitations, share links, API tokens, project moves and deletions. Visible to admins and owners.
        </p>
        <AuditEventList events={page.events} />
        <nav className="mt-4 flex gap-4 text-sm">
          {query.data.before && (
            <Link href={`/workspaces/${encodeURIComponent(workspaceId)}/audit`} className="text-sky-300 hover:underline" data-testid="audit-newest">
              Newest
            </Link>
          )}
          {page.nextCursor && (
            <Link
              href={`/workspaces/${encodeURIComponent(workspaceId)}/audit?before=${encodeURIComponent(page.nextCursor)}`}
              className="text-sky-300 hover:underline"
              data-testid="audit-older"
            >
              Older events
            </Link>
          )}
        </nav>
      </main>
    </div>
  );
}
