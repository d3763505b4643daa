/** The dashboard showing one workspace's projects (server pages and client components both link it). */
export const dashboardHref = (workspaceId: string) => `/projects?workspace=${encodeURIComponent(workspaceId)}`;
