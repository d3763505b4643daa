"use client";

// Temporary dev-only page: the dashboard over an in-memory fake API. Delete before shipping.
import { useState } from "react";
import { ProjectDashboard } from "@/components/workspace/project-dashboard";
import { createFakeProjectApi } from "../../../tests/fixtures/fake-project-api";

const projects = [
  { id: "dev1", name: "Dev project", workspaceId: "w", headSnapshotId: null, updatedAt: "2026-01-02T10:00:00Z" },
  { id: "dev2", name: "Another one", workspaceId: "w", headSnapshotId: null, updatedAt: "2026-01-01T10:00:00Z" },
];

export default function DevDashboardPage() {
  const [fake] = useState(() => createFakeProjectApi({ projects, latencyMs: 150 }));
  return <ProjectDashboard initialProjects={projects} api={fake.api} projectHref={() => "/dev-ui"} />;
}
