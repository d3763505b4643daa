"use client";

import { PanelBottom, PanelLeft, PanelRight } from "lucide-react";
import { IconButton } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import type { PanelControls, PanelName } from "./ide-layout";

const toggles: { panel: PanelName; name: string; keys: string; icon: typeof PanelLeft }[] = [
  { panel: "tree", name: "File tree", keys: "Ctrl/⌘ B", icon: PanelLeft },
  { panel: "bottom", name: "Terminal", keys: "Ctrl/⌘ J", icon: PanelBottom },
  { panel: "side", name: "Side panel", keys: "Ctrl/⌘ Alt B", icon: PanelRight },
];

/** Header buttons that hide and show the tree, the terminal and the side panel. */
export function PanelToggles({ controls }: { controls: PanelControls | null }) {
  if (!controls) return null;
  return (
    <div className="flex shrink-0 items-center" role="group" aria-label="Panels">
      {toggles
        .filter(({ panel }) => controls.present[panel])
        .map(({ panel, name, keys, icon: PanelIcon }) => {
          const open = !controls.collapsed[panel];
          return (
            <IconButton
              key={panel}
              label={`${name} (${keys})`}
              aria-pressed={open}
              data-testid={`toggle-${panel}`}
              onClick={() => controls.toggle(panel)}
              className={cx("h-7 w-7", open && "text-neutral-200")}
            >
              <PanelIcon aria-hidden="true" width={15} height={15} />
            </IconButton>
          );
        })}
    </div>
  );
}
