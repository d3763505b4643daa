import type { PresenceHeartbeat } from "@/lib/presence/requests";
import { apiJson } from "./api-error";

const url = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/presence`;

export const presenceApi = {
  /** This tab is on the project with `path` in front. */
  beat: (projectId: string, heartbeat: PresenceHeartbeat) => apiJson<void>(url(projectId), { method: "POST", json: heartbeat }),
  /**
   * This tab is closing. `keepalive` lets the request outlive the page (pagehide), as sendBeacon
   * would, but with the method and JSON content type the route checks.
   */
  leave: (projectId: string, clientId: string) => apiJson<void>(url(projectId), { method: "DELETE", json: { clientId }, keepalive: true }),
};
