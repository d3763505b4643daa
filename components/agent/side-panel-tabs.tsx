"use client";

import { useEffect, useState, type KeyboardEvent, type ReactNode } from "react";
import { onChatMessageOpen } from "@/lib/client/chat-open";
import { useLocalStorage } from "@/hooks/use-local-storage";
import { cx } from "@/components/ui/cx";
import { SparkIcon } from "./icons";

type Tab = "agent" | "preview";

const tabKey = "ide:right-tab:v1";

/**
 * The right panel with the agent and the preview as tabs. Both stay mounted (the preview from when it
 * is first shown), so a running turn keeps streaming and the preview keeps its page while the other
 * one is shown. The preview comes forward
 * by itself when a dev server starts or an HTML page is run.
 */
export function SidePanelTabs({
  agent,
  preview,
  serverUrl,
  previewRequests = 0,
}: {
  agent: ReactNode;
  preview?: ReactNode;
  /** The dev server's URL; a new one brings the preview forward. */
  serverUrl?: string | null;
  /** Bumped when the person runs an HTML page. */
  previewRequests?: number;
}) {
  const [stored, store] = useLocalStorage(tabKey);
  const active: Tab = preview && stored === "preview" ? "preview" : "agent";

  // The preview mounts (and loads its code) the first time it is shown, then stays mounted.
  const [previewMounted, setPreviewMounted] = useState(active === "preview");
  if (active === "preview" && !previewMounted) setPreviewMounted(true);

  const [seen, setSeen] = useState({ serverUrl: serverUrl ?? null, previewRequests });
  if ((serverUrl ?? null) !== seen.serverUrl || previewRequests !== seen.previewRequests) {
    const wantsPreview = (serverUrl && serverUrl !== seen.serverUrl) || previewRequests > seen.previewRequests;
    setSeen({ serverUrl: serverUrl ?? null, previewRequests });
    if (wantsPreview && preview && active !== "preview") store("preview");
  }

  // A chat message asked for elsewhere is shown in the Agent tab.
  useEffect(() => onChatMessageOpen(() => store("agent")), [store]);

  if (!preview) return <div className="h-full">{agent}</div>;

  const tabs: { id: Tab; label: string; icon?: ReactNode }[] = [
    { id: "agent", label: "Agent", icon: <SparkIcon width={13} height={13} /> },
    { id: "preview", label: "Preview" },
  ];
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    event.preventDefault();
    const next: Tab = active === "agent" ? "preview" : "agent";
    store(next);
    event.currentTarget.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus();
  };

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div role="tablist" aria-label="Side panel" onKeyDown={onKeyDown} className="flex h-9 shrink-0 items-stretch border-b border-white/10 bg-neutral-900">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`side-tab-${tab.id}`}
            aria-selected={active === tab.id}
            aria-controls={`side-panel-${tab.id}`}
            tabIndex={active === tab.id ? 0 : -1}
            data-tab={tab.id}
            data-testid={`side-tab-${tab.id}`}
            onClick={() => store(tab.id)}
            className={cx(
              "flex items-center gap-1.5 border-r border-white/10 px-3 text-[12.5px] focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500",
              active === tab.id ? "bg-neutral-950 text-white shadow-[inset_0_-2px_0_0_var(--color-sky-500)]" : "text-neutral-400 hover:text-neutral-200",
            )}
          >
            {tab.icon}
            {tab.label}
          </button>
        ))}
      </div>
      <div id="side-panel-agent" role="tabpanel" aria-labelledby="side-tab-agent" hidden={active !== "agent"} className="flex min-h-0 flex-1 flex-col">
        {agent}
      </div>
      <div id="side-panel-preview" role="tabpanel" aria-labelledby="side-tab-preview" hidden={active !== "preview"} className="flex min-h-0 flex-1 flex-col">
        {previewMounted && preview}
      </div>
    </div>
  );
}
