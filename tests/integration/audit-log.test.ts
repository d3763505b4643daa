import { beforeAll, describe, expect, it } from "vitest";
import * as acceptRoute from "@/app/api/invitations/[token]/accept/route";
import * as linkRoute from "@/app/api/projects/[projectId]/links/[linkId]/route";
import * as linksRoute from "@/app/api/projects/[projectId]/links/route";
import * as moveRoute from "@/app/api/projects/[projectId]/move/route";
import * as projectRoute from "@/app/api/projects/[projectId]/route";
import * as projectsRoute from "@/app/api/projects/route";
import * as tokenRoute from "@/app/api/tokens/[tokenId]/route";
import * as tokensRoute from "@/app/api/tokens/route";
import * as auditRoute from "@/app/api/workspaces/[workspaceId]/audit/route";
import * as invitationRoute from "@/app/api/workspaces/[workspaceId]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/workspaces/[workspaceId]/invitations/route";
import * as memberRoute from "@/app/api/workspaces/[workspaceId]/members/[userId]/route";
import * as restoreRoute from "@/app/api/workspaces/[workspaceId]/restore/route";
import * as workspaceRoute from "@/app/api/workspaces/[workspaceId]/route";
import * as workspacesRoute from "@/app/api/workspaces/route";
import { getAuth } from "@/lib/auth/auth";
import type { AuditEventView } from "@/lib/audit/schemas";
import { getDb } from "@/lib/db/client";
import { call, signUpUser, type TestUser } from "./helpers";

type Role = "admin" | "editor" | "viewer";

let owner: TestUser;
let team: string;
const members = {} as Record<Role, TestUser>;

async function audit(user: TestUser, workspaceId: string, query = "") {
  return call(auditRoute.GET, { user, params: { workspaceId }, url: `/api/workspaces/${workspaceId}/audit${query}` });
}

async function events(workspaceId: string, by = owner): Promise<AuditEventView[]> {
  const res = await audit(by, workspaceId, "?limit=100");
  expect(res.status).toBe(200);
  return res.data.events;
}

/** Invites through the API and accepts as the invited person, as the team pages do. */
async function join(user: TestUser, role: Role) {
  const invited = await call(invitationsRoute.POST, { user: owner, params: { workspaceId: team }, json: { email: user.email, role } });
  expect(invited.status).toBe(201);
  expect((await call(acceptRoute.POST, { user, params: { token: invited.data.invitation.token } })).status).toBe(200);
}

beforeAll(async () => {
  owner = await signUpUser("Olga Owner");
  const created = await call(workspacesRoute.POST, { user: owner, json: { name: "Audited team" } });
  expect(created.status).toBe(201);
  team = created.data.workspace.id;
  for (const role of ["admin", "editor", "viewer"] as const) {
    members[role] = await signUpUser(`${role} member`);
    await join(members[role], role);
  }
});

describe("audit log", () => {
  it("records invitations, role changes, links, tokens, moves and deletions with who did them", async () => {
    const promoted = await signUpUser("Promoted");
    await join(promoted, "viewer");
    expect((await call(memberRoute.PATCH, { user: owner, params: { workspaceId: team, userId: promoted.userId }, method: "PATCH", json: { role: "editor" } })).status).toBe(200);

    const project = (await call(projectsRoute.POST, { user: owner, json: { name: "audited project", workspaceId: team } })).data.project;
    const link = await call(linksRoute.POST, { user: members.admin, params: { projectId: project.id }, json: { access: "view" } });
    expect(link.status).toBe(201);
    expect((await call(linkRoute.DELETE, { user: members.admin, params: { projectId: project.id, linkId: link.data.link.id }, method: "DELETE" })).status).toBe(200);

    const token = await call(tokensRoute.POST, { user: members.editor, json: { name: "team CI", workspaceId: team } });
    expect(token.status).toBe(201);
    expect((await call(tokenRoute.DELETE, { user: members.editor, params: { tokenId: token.data.token.id }, method: "DELETE" })).status).toBe(200);

    const ownersPersonal = (await (await getDb()).workspace.findUniqueOrThrow({ where: { personalFor: owner.userId } })).id;
    const moved = (await call(projectsRoute.POST, { user: owner, json: { name: "moving out", workspaceId: team } })).data.project;
    expect((await call(moveRoute.POST, { user: owner, params: { projectId: moved.id }, json: { workspaceId: ownersPersonal } })).status).toBe(200);
    expect((await call(projectRoute.DELETE, { user: owner, params: { projectId: project.id }, method: "DELETE" })).status).toBe(204);

    const log = await events(team);
    const find = (action: string, targetId?: string) => log.find((e) => e.action === action && (!targetId || e.target.id === targetId));
    expect(find("invitation.created")).toMatchObject({ actor: { id: owner.userId }, details: { role: expect.any(String) } });
    expect(find("invitation.accepted")?.actor?.id).toBe(promoted.userId);
    expect(find("member.role_changed", promoted.userId)).toMatchObject({ actor: { id: owner.userId }, details: { from: "viewer", to: "editor" } });
    expect(find("link.created", link.data.link.id)?.actor?.id).toBe(members.admin.userId);
    expect(find("link.revoked", link.data.link.id)?.actor?.id).toBe(members.admin.userId);
    expect(find("token.created", token.data.token.id)).toMatchObject({ actor: { id: members.editor.userId }, details: { name: "team CI", scope: "workspace" } });
    expect(find("token.revoked", token.data.token.id)?.actor?.id).toBe(members.editor.userId);
    expect(find("project.moved_out", moved.id)?.details).toEqual({ to: ownersPersonal });
    expect(find("project.deleted", project.id)).toMatchObject({ actor: { id: owner.userId }, details: { name: "audited project" } });
    expect((await events(ownersPersonal)).find((e) => e.action === "project.moved_in" && e.target.id === moved.id)?.details).toEqual({ from: team });
    // Nothing secret is kept: not the token's secret, not the invitation's.
    expect(JSON.stringify(log)).not.toContain(token.data.secret);
    // Newest first.
    const times = log.map((e) => e.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("records a team's creation, renames, deletion and restoring", async () => {
    const created = await call(workspacesRoute.POST, { user: owner, json: { name: "Lifecycle" } });
    const workspaceId = created.data.workspace.id as string;
    expect((await call(workspaceRoute.PATCH, { user: owner, params: { workspaceId }, method: "PATCH", json: { name: "Lifecycle 2" } })).status).toBe(200);
    expect((await call(workspaceRoute.DELETE, { user: owner, params: { workspaceId }, method: "DELETE", json: { confirmName: "Lifecycle 2" } })).status).toBe(200);
    expect((await call(restoreRoute.POST, { user: owner, params: { workspaceId }, method: "POST" })).status).toBe(200);
    const log = (await events(workspaceId)).reverse();
    expect(log.map((e) => [e.action, e.actor?.id, e.target])).toEqual(
      ["workspace.created", "workspace.renamed", "workspace.deleted", "workspace.restored"].map((action) => [action, owner.userId, { type: "workspace", id: workspaceId }]),
    );
    expect(log[0]!.details).toEqual({ name: "Lifecycle" });
    expect(log[1]!.details).toEqual({ from: "Lifecycle", to: "Lifecycle 2" });
    expect(log[2]!.details).toMatchObject({ name: "Lifecycle 2", purgeAfter: expect.any(String) });
  });

  it("writes each event in its action's transaction: when the event cannot be written the action is rolled back, and once it can, both land", async () => {
    const db = await getDb();
    const doomed = (await call(workspacesRoute.POST, { user: owner, json: { name: "Unloggable" } })).data.workspace.id as string;
    const project = (await call(projectsRoute.POST, { user: owner, json: { name: "in the unloggable team", workspaceId: doomed } })).data.project;
    const outside = (await call(projectsRoute.POST, { user: owner, json: { name: "moving in", workspaceId: team } })).data.project;
    const invited = await call(invitationsRoute.POST, { user: owner, params: { workspaceId: doomed }, json: { email: "kept@example.test", role: "viewer" } });
    const fingerprint = async () =>
      JSON.stringify(
        await Promise.all([
          db.workspace.findUniqueOrThrow({ where: { id: doomed } }),
          db.invitation.findMany({ where: { workspaceId: doomed }, orderBy: { id: "asc" } }),
          db.shareLink.findMany({ where: { projectId: project.id } }),
          db.project.findMany({ where: { id: { in: [project.id, outside.id] } }, orderBy: { id: "asc" } }),
          db.auditEvent.count({ where: { OR: [{ workspaceId: { in: [doomed, team] } }] } }),
        ]),
      );
    // Audit inserts for this one workspace fail, as a full disk or a lost connection would.
    const fn = `refuse_audit_${doomed}`;
    await db.$executeRawUnsafe(
      `CREATE FUNCTION "${fn}"() RETURNS trigger AS $$ BEGIN IF NEW."workspaceId" = '${doomed}' THEN RAISE EXCEPTION 'audit refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await db.$executeRawUnsafe(`CREATE TRIGGER "${fn}" BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION "${fn}"()`);
    const actions = [
      () => call(workspaceRoute.PATCH, { user: owner, params: { workspaceId: doomed }, method: "PATCH", json: { name: "Renamed" } }),
      () => call(invitationsRoute.POST, { user: owner, params: { workspaceId: doomed }, json: { email: "lost@example.test", role: "viewer" } }),
      () => call(invitationRoute.DELETE, { user: owner, params: { workspaceId: doomed, invitationId: invited.data.invitation.id }, method: "DELETE" }),
      () => call(linksRoute.POST, { user: owner, params: { projectId: project.id }, json: { access: "view" } }),
      () => call(moveRoute.POST, { user: owner, params: { projectId: outside.id }, json: { workspaceId: doomed } }),
      async () => {
        const { name } = await db.workspace.findUniqueOrThrow({ where: { id: doomed } });
        return call(workspaceRoute.DELETE, { user: owner, params: { workspaceId: doomed }, method: "DELETE", json: { confirmName: name } });
      },
    ];
    try {
      const before = await fingerprint();
      for (const action of actions) {
        expect((await action()).status).toBe(500);
        expect(await fingerprint()).toBe(before);
      }
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER "${fn}" ON audit_events`);
      await db.$executeRawUnsafe(`DROP FUNCTION "${fn}"()`);
    }
    for (const action of actions) expect((await action()).status).toBeLessThan(300);
    // The workspace is deleted now, so its log is read from the table.
    const logged = (await db.auditEvent.findMany({ where: { workspaceId: doomed } })).map((e) => e.action);
    for (const action of ["workspace.renamed", "invitation.created", "invitation.revoked", "link.created", "project.moved_in", "workspace.deleted"]) expect(logged).toContain(action);
  });

  it("records a sign-in in every workspace of the person, and an unscoped token in each too", async () => {
    const auth = await getAuth();
    const signedIn = await auth.api.signInEmail({ body: { email: members.viewer.email, password: "correct horse battery" }, headers: new Headers({ host: "localhost:3000" }), asResponse: true });
    expect(signedIn.ok).toBe(true);
    const viewersPersonal = (await (await getDb()).workspace.findUniqueOrThrow({ where: { personalFor: members.viewer.userId } })).id;
    for (const workspaceId of [team, viewersPersonal]) {
      const signIns = (await events(workspaceId, workspaceId === team ? owner : members.viewer)).filter((e) => e.action === "auth.signed_in" && e.actor?.id === members.viewer.userId);
      // Sign-up signed them in once in their own workspace (before they joined the team); this sign-in is in both.
      expect(signIns.length).toBeGreaterThanOrEqual(1);
      expect(signIns[0]).toMatchObject({ target: { type: "user", id: members.viewer.userId }, details: { method: "/sign-in/email" } });
    }
    const unscoped = await call(tokensRoute.POST, { user: members.viewer, json: { name: "everywhere" } });
    for (const workspaceId of [team, viewersPersonal])
      expect((await events(workspaceId, workspaceId === team ? owner : members.viewer)).find((e) => e.target.id === unscoped.data.token.id)).toMatchObject({
        action: "token.created",
        details: { scope: "all workspaces" },
      });
  });

  it("shows the log to admins and owners only: members without audit:read get 403, others 404", async () => {
    expect((await audit(owner, team)).status).toBe(200);
    expect((await audit(members.admin, team)).status).toBe(200);
    for (const role of ["editor", "viewer"] as const) {
      const res = await audit(members[role], team);
      expect(res.status).toBe(403);
      expect(res.data.error.code).toBe("forbidden:audit:read");
    }
    const stranger = await signUpUser("Stranger");
    expect((await audit(stranger, team)).status).toBe(404);
    expect((await audit(stranger, team)).data.error.code).toBe("not_found:workspace");
    expect((await call(auditRoute.GET, { params: { workspaceId: team } })).status).toBe(401);
    expect((await audit(owner, team, "?limit=0")).status).toBe(400);
    expect((await audit(owner, team, "?before=garbage")).status).toBe(400);
  });

  it("pages newest first with a cursor, without skipping or repeating events", async () => {
    const all = await events(team);
    expect(all.length).toBeGreaterThan(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await audit(owner, team, `?limit=2${cursor ? `&before=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.data.events.length).toBeLessThanOrEqual(2);
      seen.push(...res.data.events.map((e: AuditEventView) => e.id));
      cursor = res.data.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
  });
});
