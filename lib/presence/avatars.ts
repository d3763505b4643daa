import type { PresentTab } from "@/lib/head-channel/types";

/** One avatar of the IDE header: another person (all their tabs), or the viewer's own other tabs. */
export type PresenceAvatar = {
  key: string;
  userId: string;
  initial: string;
  colour: string;
  /** The viewer's own other tabs. */
  you: boolean;
  /** The files in front, one per tab (null: no file open). */
  paths: (string | null)[];
  /** "Ada — editing src/x.ts", "You, in another tab — editing a.ts", "Bob — no file open". */
  title: string;
};

/**
 * The avatars the tab `clientId` shows for the project's present tabs: its own tab is left out, the
 * viewer's other tabs are one "you" avatar, everyone else one avatar per person, in the server's order.
 * The viewer is known by its own tab's entry; until that has arrived no avatar is marked as theirs.
 */
export function presenceAvatars({ tabs, clientId }: { tabs: PresentTab[]; clientId: string }): PresenceAvatar[] {
  const viewer = tabs.find((t) => t.tab === clientId)?.userId;
  const byUser = new Map<string, PresentTab[]>();
  for (const tab of tabs) {
    if (tab.tab === clientId) continue;
    byUser.set(tab.userId, [...(byUser.get(tab.userId) ?? []), tab]);
  }
  const avatars = [...byUser.values()].map((own): PresenceAvatar => {
    const [first] = own as [PresentTab];
    const you = first.userId === viewer;
    const who = you ? `You, in ${own.length === 1 ? "another tab" : `${own.length} other tabs`}` : first.name || "Someone";
    const paths = own.map((t) => t.path);
    return { key: first.userId, userId: first.userId, initial: first.initial, colour: first.colour, you, paths, title: `${who} — ${describePaths(paths)}` };
  });
  // The viewer's own tabs last, after the people they are working with.
  return [...avatars.filter((a) => !a.you), ...avatars.filter((a) => a.you)];
}

function describePaths(paths: (string | null)[]): string {
  const open = [...new Set(paths.filter((p): p is string => p !== null))];
  return open.length === 0 ? "no file open" : `editing ${open.join(", ")}`;
}

/** Who (other than this tab) has each file in front, for markers beside the file's name. */
export function presenceByPath(avatars: PresenceAvatar[]): Map<string, PresenceAvatar[]> {
  const byPath = new Map<string, PresenceAvatar[]>();
  for (const avatar of avatars)
    for (const path of new Set(avatar.paths)) if (path !== null) byPath.set(path, [...(byPath.get(path) ?? []), avatar]);
  return byPath;
}
