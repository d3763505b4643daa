import { describe, expect, it } from "vitest";
import { permissionsByRole, roleAllows, workspaceRoles, type Action } from "@/lib/auth/permissions";

// Issue 11's sentence on roles, one statement each: "Viewers open and run projects in their own
// sandbox but cannot save or use the agent on the project; editors save and use the agent; admins
// manage members, invitations and links; owners everything." (tests/unit/permissions.test.ts pins
// the whole table; this pins what the issue asks of it.)

const allowed = (role: (typeof workspaceRoles)[number]) => [...permissionsByRole[role]].sort();
const everyAction = [...new Set(Object.values(permissionsByRole).flat())].sort();
const save: Action = "project:write";
const agent: Action = "agent:use";
const manage: Action[] = ["workspace:manage_members", "workspace:invite", "project:share"];

describe("the permission table, as the issue states it", () => {
  it("lets viewers read (and so open and run in their own sandbox) and nothing more", () => {
    expect(allowed("viewer")).toEqual(["project:read", "workspace:read"]);
  });

  it("does not let viewers save or use the agent", () => {
    expect([roleAllows("viewer", save), roleAllows("viewer", agent)]).toEqual([false, false]);
  });

  it("lets editors save and use the agent, but not manage members, invitations or links", () => {
    expect([roleAllows("editor", save), roleAllows("editor", agent)]).toEqual([true, true]);
    expect(manage.filter((action) => roleAllows("editor", action))).toEqual([]);
  });

  it("lets admins manage members, invitations and links, and do whatever editors do", () => {
    expect(manage.filter((action) => !roleAllows("admin", action))).toEqual([]);
    expect(allowed("editor").filter((action) => !roleAllows("admin", action))).toEqual([]);
  });

  it("lets owners do everything, and only owners delete the workspace", () => {
    expect(allowed("owner")).toEqual(everyAction);
    expect(workspaceRoles.filter((role) => roleAllows(role, "workspace:delete"))).toEqual(["owner"]);
  });
});
