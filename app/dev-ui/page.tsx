"use client";

// Temporary dev-only page: the IDE over an in-memory fake API. Delete before shipping.
import { useState } from "react";
import { IdeWorkspace } from "@/components/workspace/ide-workspace";
import type { ProjectListing, ProjectSummary } from "@/lib/validation/projects";
import { createFakeProjectApi } from "../../tests/fixtures/fake-project-api";

const project: ProjectSummary = { id: "dev1", name: "Dev project", workspaceId: "w", headSnapshotId: null, updatedAt: "2026-01-01T00:00:00Z" };

const files: Record<string, string | Uint8Array> = {
  "package.json": '{\n  "name": "demo",\n  "private": true\n}\n',
  "README.md": "# Demo\n\nA project for the dev page.\n",
  "src/index.ts": 'import { greet } from "./lib/greet";\n\nconsole.log(greet("world"));\n',
  "src/lib/greet.ts": "export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n",
  "src/app/page.tsx": "export default function Page() {\n  return <main>Hello</main>;\n}\n",
  "src/styles.css": "body {\n  color: red;\n}\n",
  "public/logo.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
};

export default function DevUiPage() {
  const [setup] = useState(() => {
    const fake = createFakeProjectApi({ projects: [project], files, latencyMs: 150 });
    return { fake, listing: fake.listingNow(project.id) satisfies ProjectListing };
  });
  return (
    <IdeWorkspace
      project={project}
      initialListing={setup.listing}
      api={setup.fake.api}
      dashboardHref="/dev-ui/dashboard"
      rightPanel={<div className="p-3 text-sm text-neutral-500">Agent panel slot</div>}
      bottomPanel={
        <div className="flex gap-2 p-3 text-sm text-neutral-500">
          Terminal slot ·
          <button
            data-testid="dev-save-elsewhere"
            className="underline"
            onClick={() => {
              setup.fake.saveElsewhere(project.id, [
                { type: "write", path: "src/index.ts", content: `// edited elsewhere at ${new Date().toISOString()}\n`, encoding: "utf8" },
              ]);
            }}
          >
            Simulate another browser editing src/index.ts
          </button>
        </div>
      }
    />
  );
}
