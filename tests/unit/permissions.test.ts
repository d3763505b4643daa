import { describe, expect, it } from "vitest";
import { permissionsByRole, roleAllows, workspaceRoles, type Action } from "@/lib/auth/permissions";

// The table written out by hand: a change to lib/auth/permissions.ts must change this too.
const expected: Record<Action, string[]> = {
  "workspace:read": ["owner", "admin", "editor", "viewer"],
  "project:read": ["owner", "admin", "editor", "viewer"],
  "project:write": ["owner", "admin", "editor"],
  "project:rename": ["owner", "admin", "editor"],
  "agent:use": ["owner", "admin", "editor"],
  "workspace:create_project": ["owner", "admin", "editor"],
  "project:delete": ["owner", "admin"],
  "project:share": ["owner", "admin"],
  "project:move": ["owner", "admin"],
  "workspace:rename": ["owner", "admin"],
  "workspace:manage_members": ["owner", "admin"],
  "workspace:invite": ["owner", "admin"],
  "audit:read": ["owner", "admin"],
  "workspace:delete": ["owner"],
};

describe("the permission table", () => {
  it.each(Object.entries(expected))("%s is allowed to exactly %j", (action, roles) => {
    expect(workspaceRoles.filter((role) => roleAllows(role, action as Action))).toEqual(roles);
  });

  it("names no action the expected table leaves out", () => {
    const named = new Set(Object.values(permissionsByRole).flat());
    expect([...named].filter((action) => !(action in expected))).toEqual([]);
  });

  it("gives each higher role everything the lower one has", () => {
    for (let i = 1; i < workspaceRoles.length; i++) {
      const higher = permissionsByRole[workspaceRoles[i - 1]!];
      expect(permissionsByRole[workspaceRoles[i]!].filter((action) => !higher.includes(action))).toEqual([]);
    }
  });
});
