import { LocalTime } from "@/components/ui/local-time";
import { auditActionLabels, type AuditAction } from "@/lib/audit/actions";
import type { AuditEventView } from "@/lib/audit/schemas";

const label = (action: string) => auditActionLabels[action as AuditAction] ?? action;

/** A page of audit events: when, who, what, on what, and the event's details. */
export function AuditEventList({ events }: { events: AuditEventView[] }) {
  if (events.length === 0)
    return (
      <p className="mt-6 text-sm text-neutral-500" data-testid="audit-empty">
        Nothing recorded yet.
      </p>
    );
  return (
    <table className="mt-6 w-full text-left text-sm" data-testid="audit-events">
      <thead className="text-xs text-neutral-500">
        <tr>
          <th className="py-2 pr-4 font-medium">When</th>
          <th className="py-2 pr-4 font-medium">Who</th>
          <th className="py-2 pr-4 font-medium">What</th>
          <th className="py-2 font-medium">Details</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-white/10">
        {events.map((event) => (
          <tr key={event.id} data-testid="audit-event" data-action={event.action} className="align-top">
            <td className="py-2 pr-4 whitespace-nowrap text-neutral-400">
              <LocalTime iso={event.createdAt} />
            </td>
            <td className="py-2 pr-4 text-neutral-200">{event.actor ? event.actor.name || event.actor.email : "(deleted account)"}</td>
            <td className="py-2 pr-4 text-neutral-100">
              {label(event.action)}{" "}
              <span className="text-xs text-neutral-500">
                {event.target.type} {event.target.id}
              </span>
            </td>
            <td className="py-2 text-xs text-neutral-400">
              {Object.entries(event.details)
                .map(([key, value]) => `${key}: ${String(value)}`)
                .join(" · ")}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
