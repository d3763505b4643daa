import type { PresenceAvatar } from "@/lib/presence/avatars";
import { cx } from "@/components/ui/cx";

// More than this many people and the rest fold into "+N" (its title names them).
const shownMax = 5;

/** Who else has the project open: one avatar per person (and one for the viewer's other tabs), titled with the file in front. */
export function PresenceAvatars({ avatars }: { avatars: PresenceAvatar[] }) {
  if (avatars.length === 0) return null;
  const shown = avatars.slice(0, shownMax);
  const folded = avatars.slice(shownMax);
  return (
    <ul aria-label="Also on this project" data-testid="presence" className="flex items-center">
      {shown.map((avatar) => (
        <li
          key={avatar.key}
          data-testid="presence-avatar"
          data-user-id={avatar.userId}
          data-you={avatar.you}
          title={avatar.title}
          aria-label={avatar.title}
          style={{ backgroundColor: avatar.colour }}
          className={cx(
            "relative -ml-1.5 flex h-6 w-6 select-none items-center justify-center rounded-full text-[11px] font-semibold text-neutral-950 ring-2 ring-neutral-950 first:ml-0",
            // The viewer's own other tabs: a dashed outline tells them apart from other people.
            avatar.you && "outline-1 outline-offset-2 outline-neutral-400 outline-dashed",
          )}
        >
          <span aria-hidden="true">{avatar.initial}</span>
          {avatar.paths.length > 1 && (
            <span aria-hidden="true" className="absolute -bottom-1 -right-1 rounded-full bg-neutral-800 px-1 text-[9px] leading-3 text-neutral-200 ring-1 ring-neutral-950">
              {avatar.paths.length}
            </span>
          )}
        </li>
      ))}
      {folded.length > 0 && (
        <li
          data-testid="presence-more"
          title={folded.map((a) => a.title).join("\n")}
          aria-label={`${folded.length} more: ${folded.map((a) => a.title).join("; ")}`}
          className="-ml-1.5 flex h-6 min-w-6 items-center justify-center rounded-full bg-neutral-700 px-1 text-[10px] font-semibold text-neutral-100 ring-2 ring-neutral-950"
        >
          +{folded.length}
        </li>
      )}
    </ul>
  );
}
