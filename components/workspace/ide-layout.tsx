"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { Group, Panel, Separator, useGroupRef, usePanelRef, type Layout, type PanelImperativeHandle } from "react-resizable-panels";
import { cx } from "@/components/ui/cx";

export type PanelName = "tree" | "side" | "bottom";

/** Which panels are collapsed, and how to toggle them (header buttons and shortcuts). */
export type PanelControls = {
  collapsed: Record<PanelName, boolean>;
  /** Panels this page has (no side panel or terminal without a runtime). */
  present: Record<PanelName, boolean>;
  toggle: (panel: PanelName) => void;
};

const storageKeys = { main: "ide:layout:main:v2", center: "ide:layout:center:v2" } as const;

/** The layout the user left, read once in the browser (the server renders the defaults). */
function readLayout(key: string): Layout | null {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(key) ?? "null");
    if (!parsed || typeof parsed !== "object") return null;
    const entries = Object.entries(parsed);
    return entries.length > 0 && entries.every(([, size]) => typeof size === "number" && Number.isFinite(size)) ? (parsed as Layout) : null;
  } catch {
    return null;
  }
}

/**
 * A group whose layout (sizes, collapsed panels) survives reloads. The stored layout is applied
 * after hydration, so the server's HTML and the first client render agree; nothing is saved before.
 */
function usePersistedGroup(key: string) {
  const groupRef = useGroupRef();
  const restored = useRef(false);
  useEffect(() => {
    const stored = readLayout(key);
    if (stored && groupRef.current) {
      const current = groupRef.current.getLayout();
      // A layout saved with other panels (e.g. a page without a terminal) does not apply.
      const samePanels = Object.keys(current).sort().join() === Object.keys(stored).sort().join();
      if (samePanels) groupRef.current.setLayout(stored);
    }
    restored.current = true;
  }, [key, groupRef]);
  const onLayoutChanged = useCallback(
    (layout: Layout, meta: { requestedLayout?: Layout }) => {
      if (!restored.current) return;
      try {
        window.localStorage.setItem(key, JSON.stringify(meta.requestedLayout ?? layout));
      } catch {
        // Storage full or blocked: the layout just is not remembered.
      }
    },
    [key],
  );
  return { groupRef, onLayoutChanged };
}

function ResizeHandle({ label, orientation, testId }: { label: string; orientation: "row" | "column"; testId: string }) {
  return (
    <Separator
      aria-label={label}
      data-testid={testId}
      className={cx(
        "relative shrink-0 bg-white/10 transition-colors outline-none hover:bg-sky-500/70 focus-visible:bg-sky-500 data-[separator=active]:bg-sky-500",
        orientation === "row" ? "w-px" : "h-px",
      )}
    />
  );
}

/**
 * The IDE's panes: the file tree, the editor over the terminal, and the side panel. The tree, the
 * side panel and the terminal collapse to nothing and reopen at their last size; sizes persist. The
 * editor keeps at least 360 px, so on a narrow window the side panes give way first.
 */
export function IdeLayout({
  tree,
  editor,
  side,
  bottom,
  onControls,
}: {
  tree: ReactNode;
  editor: ReactNode;
  side?: ReactNode;
  bottom?: ReactNode;
  onControls: (controls: PanelControls) => void;
}) {
  const main = usePersistedGroup(storageKeys.main);
  const center = usePersistedGroup(storageKeys.center);
  const treeRef = usePanelRef();
  const sideRef = usePanelRef();
  const bottomRef = usePanelRef();
  const [collapsed, setCollapsed] = useState<Record<PanelName, boolean>>({ tree: false, side: false, bottom: false });
  const track = (panel: PanelName, ref: React.RefObject<PanelImperativeHandle | null>) => () => {
    const now = ref.current?.isCollapsed() ?? false;
    setCollapsed((previous) => (previous[panel] === now ? previous : { ...previous, [panel]: now }));
  };
  const hasSide = side !== undefined && side !== null && side !== false;
  const hasBottom = bottom !== undefined && bottom !== null && bottom !== false;

  const toggle = useCallback(
    (panel: PanelName) => {
      const ref = { tree: treeRef, side: sideRef, bottom: bottomRef }[panel].current;
      if (!ref) return;
      if (ref.isCollapsed()) ref.expand();
      else ref.collapse();
    },
    [treeRef, sideRef, bottomRef],
  );
  useEffect(() => {
    onControls({ collapsed, present: { tree: true, side: hasSide, bottom: hasBottom }, toggle });
  }, [onControls, collapsed, hasSide, hasBottom, toggle]);

  const editorArea = hasBottom ? (
    <Group orientation="vertical" id="layout-center" groupRef={center.groupRef} onLayoutChanged={center.onLayoutChanged}>
      <Panel id="layout-editor" minSize={120}>
        {editor}
      </Panel>
      <ResizeHandle label="Resize terminal" orientation="column" testId="bottom-split-handle" />
      <Panel
        id="layout-bottom"
        panelRef={bottomRef}
        collapsible
        defaultSize={240}
        minSize={80}
        groupResizeBehavior="preserve-pixel-size"
        onResize={track("bottom", bottomRef)}
      >
        <div className="h-full" data-testid="bottom-panel" data-collapsed={collapsed.bottom}>
          {bottom}
        </div>
      </Panel>
    </Group>
  ) : (
    editor
  );

  return (
    <Group orientation="horizontal" id="layout-main" groupRef={main.groupRef} onLayoutChanged={main.onLayoutChanged} className="h-full w-full">
      <Panel
        id="layout-tree"
        panelRef={treeRef}
        collapsible
        defaultSize={240}
        minSize={160}
        maxSize={640}
        groupResizeBehavior="preserve-pixel-size"
        onResize={track("tree", treeRef)}
      >
        <div className="h-full" data-testid="tree-panel" data-collapsed={collapsed.tree}>
          {tree}
        </div>
      </Panel>
      <ResizeHandle label="Resize file tree" orientation="row" testId="tree-split-handle" />
      <Panel id="layout-work" minSize={360}>
        {editorArea}
      </Panel>
      {hasSide && (
        <>
          <ResizeHandle label="Resize side panel" orientation="row" testId="right-split-handle" />
          <Panel
            id="layout-side"
            panelRef={sideRef}
            collapsible
            defaultSize={360}
            minSize={240}
            maxSize={900}
            groupResizeBehavior="preserve-pixel-size"
            onResize={track("side", sideRef)}
          >
            <aside aria-label="Side panel" className="h-full" data-testid="right-panel" data-collapsed={collapsed.side}>
              {side}
            </aside>
          </Panel>
        </>
      )}
    </Group>
  );
}
