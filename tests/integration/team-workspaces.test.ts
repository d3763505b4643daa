import { beforeAll, describe, expect, it, vi } from "vitest";
import * as acceptRoute from "@/app/api/invitations/[token]/accept/route";
import * as sessionsRoute from "@/app/api/projects/[projectId]/agent/sessions/route";
import * as boxExecRoute from "@/app/api/projects/[projectId]/box/exec/route";
import * as filesRoute from "@/app/api/projects/[projectId]/files/route";
import * as moveRoute from "@/app/api/projects/[projectId]/move/route";
import * as projectRoute from "@/app/api/projects/[projectId]/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as projectsRoute from "@/app/api/projects/route";
import * as invitationRoute from "@/app/api/workspaces/[workspaceId]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/workspaces/[workspaceId]/invitations/route";
import * as memberRoute from "@/app/api/workspaces/[workspaceId]/members/[userId]/route";
import * as membersRoute from "@/app/api/workspaces/[workspaceId]/members/route";
import * as restoreRoute from "@/app/api/workspaces/[workspaceId]/restore/route";
import * as workspaceRoute from "@/app/api/workspaces/[workspaceId]/route";
import * as workspacesRoute from "@/app/api/workspaces/route";
import { createApiToken } from "@/lib/auth/api-tokens";
import { getDb } from "@/lib/db/client";
import { purgeExpiredWorkspaces, deletedWorkspaceGraceMs } from "@/lib/workspaces/lifecycle";
import { call, signUpUser, type TestUser } from "./helpers";

vi.hoisted(() => {
  // Wrong invitation tokens here share one count with other files on the test database (addresses
  // are unknown in process); the limit has a test of its own (share-rate-limit.test.ts).
  process.env.LINK_RATE_LIMIT_MAX = "100000";
});

let owner: TestUser;
let other: TestUser;

beforeAll(async () => {
  [owner, other] = await Promise.all([signUpUser("Olga Owner"), signUpUser("Otto Other")]);
});

async function newTeam(user: TestUser, name = "Team") {
  const res = await call(workspacesRoute.POST, { user, json: { name } });
  expect(res.status).toBe(201);
  return res.data.workspace.id as string;
}

/** A project in the team: created in the personal workspace, then moved (the owner administers both). */
async function teamProject(user: TestUser, workspaceId: string, name = "Shared") {
  const created = await call(projectsRoute.POST, { user, json: { name } });
  const projectId = created.data.project.id as string;
  const moved = await call(moveRoute.POST, { user, params: { projectId }, json: { workspaceId } });
  expect(moved.status).toBe(200);
  return projectId;
}

async function invite(by: TestUser, workspaceId: string, email: string, role: string) {
  const res = await call(invitationsRoute.POST, { user: by, params: { workspaceId }, json: { email, role } });
  expect(res.status).toBe(201);
  return res.data.invitation as { id: string; token: string; path: string };
}

async function join(by: TestUser, workspaceId: string, user: TestUser, role: string) {
  const { token } = await invite(by, workspaceId, user.email, role);
  const accepted = await call(acceptRoute.POST, { user, params: { token }, method: "POST" });
  expect(accepted.status).toBe(200);
}

const setRole = (by: TestUser, workspaceId: string, userId: string, role: string) =>
  call(memberRoute.PATCH, { user: by, params: { workspaceId, userId }, method: "PATCH", json: { role } });

const headOf = async (user: TestUser, projectId: string) => (await call(projectRoute.GET, { user, params: { projectId } })).data.project.headSnapshotId;

const events = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString()
    .split("\n\n")
    .filter((e) => e.startsWith("data: "))
    .map((e) => JSON.parse(e.slice(6)) as Record<string, unknown>);

describe("team workspaces", () => {
  it("creates and renames a team; it shows in the creator's list as owner and nowhere else", async () => {
    const workspaceId = await newTeam(owner, "Rocket");
    const renamed = await call(workspaceRoute.PATCH, { user: owner, params: { workspaceId }, method: "PATCH", json: { name: "Rocket Lab" } });
    expect(renamed.data.workspace.name).toBe("Rocket Lab");
    const mine = (await call(workspacesRoute.GET, { user: owner })).data.workspaces;
    expect(mine[0].personal).toBe(true);
    expect(mine.find((w: { id: string }) => w.id === workspaceId)).toMatchObject({ name: "Rocket Lab", role: "owner", memberCount: 1 });
    const theirs = (await call(workspacesRoute.GET, { user: other })).data.workspaces;
    expect(theirs.map((w: { id: string }) => w.id)).not.toContain(workspaceId);
    expect((await call(workspaceRoute.PATCH, { user: other, params: { workspaceId }, method: "PATCH", json: { name: "Mine" } })).status).toBe(404);
  });

  it("invites by email: only that account accepts, once; revoked, used, expired and wrong tokens all answer the same 404", async () => {
    const workspaceId = await newTeam(owner);
    const invitation = await invite(owner, workspaceId, other.email.toUpperCase(), "editor");
    expect(invitation.path).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
    const stored = await (await getDb()).invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(stored.tokenHash).not.toContain(invitation.token);

    const stranger = await signUpUser("Stranger");
    const wrongAccount = await call(acceptRoute.POST, { user: stranger, params: { token: invitation.token }, method: "POST" });
    expect(wrongAccount.status).toBe(403);
    expect(wrongAccount.data.error.message).toMatch(/sign in with the address/);
    expect((await call(acceptRoute.POST, { params: { token: invitation.token }, method: "POST" })).status).toBe(401);

    const accepted = await call(acceptRoute.POST, { user: other, params: { token: invitation.token }, method: "POST" });
    expect(accepted.data).toEqual({ workspaceId, role: "editor" });
    const members = (await call(membersRoute.GET, { user: other, params: { workspaceId } })).data.members;
    expect(members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [owner.userId, "owner"],
      [other.userId, "editor"],
    ]);

    const revoked = await invite(owner, workspaceId, stranger.email, "viewer");
    expect((await call(invitationsRoute.GET, { user: owner, params: { workspaceId } })).data.invitations.map((i: { id: string }) => i.id)).toEqual([revoked.id]);
    expect((await call(invitationRoute.DELETE, { user: owner, params: { workspaceId, invitationId: revoked.id }, method: "DELETE" })).status).toBe(204);
    const expired = await invite(owner, workspaceId, stranger.email, "viewer");
    await (await getDb()).invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const answers = await Promise.all(
      [invitation.token, revoked.token, expired.token, "x".repeat(43), "short"].map((token) => call(acceptRoute.POST, { user: stranger, params: { token }, method: "POST" })),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.data).toEqual(answers[0]!.data);
    }
    expect(answers[0]!.data.error.code).toBe("not_found:invitation");
  });

  it("takes an acceptance only from a signed-in browser: even the invited person's own API token gets 403, and the invitation stays pending", async () => {
    const workspaceId = await newTeam(owner);
    const invitee = await signUpUser("Tina Token");
    const { token } = await invite(owner, workspaceId, invitee.email, "editor");
    const { secret } = await createApiToken({ userId: invitee.userId, name: "script" });
    const asToken = await call(acceptRoute.POST, { params: { token }, method: "POST", user: { ...invitee, headers: new Headers({ authorization: `Bearer ${secret}`, host: "localhost:3000" }) } });
    expect(asToken.status).toBe(403);
    expect(asToken.data.error).toMatchObject({ code: "forbidden:invitation_token", message: expect.stringMatching(/API token cannot accept .* in a browser signed in/) });
    expect((await call(acceptRoute.POST, { user: invitee, params: { token }, method: "POST" })).data).toEqual({ workspaceId, role: "editor" });
  });

  it("lets admins invite and manage members, never editors or viewers; only an owner grants owner", async () => {
    const workspaceId = await newTeam(owner);
    const [admin, editor] = await Promise.all([signUpUser("Ada Admin"), signUpUser("Ed Editor")]);
    await join(owner, workspaceId, admin, "admin");
    await join(admin, workspaceId, editor, "editor");
    const asEditor = await call(invitationsRoute.POST, { user: editor, params: { workspaceId }, json: { email: "x@example.test", role: "viewer" } });
    expect(asEditor.status).toBe(403);
    expect(asEditor.data.error.code).toBe("forbidden:workspace:invite");
    expect((await setRole(editor, workspaceId, admin.userId, "viewer")).status).toBe(403);
    expect((await setRole(admin, workspaceId, editor.userId, "viewer")).data.member.role).toBe("viewer");
    const adminMakesOwner = await setRole(admin, workspaceId, editor.userId, "owner");
    expect(adminMakesOwner.data.error.code).toBe("forbidden:owner_role");
    expect((await setRole(admin, workspaceId, owner.userId, "viewer")).data.error.code).toBe("forbidden:owner_role");
    expect((await call(memberRoute.DELETE, { user: admin, params: { workspaceId, userId: editor.userId }, method: "DELETE" })).status).toBe(204);
    expect((await call(membersRoute.GET, { user: editor, params: { workspaceId } })).status).toBe(404);
  });

  it("keeps the last owner: they cannot leave or be demoted, and two demotions at once leave one owner", async () => {
    const workspaceId = await newTeam(owner);
    const leave = await call(memberRoute.DELETE, { user: owner, params: { workspaceId, userId: owner.userId }, method: "DELETE" });
    expect(leave.status).toBe(409);
    expect(leave.data.error.code).toBe("conflict:last_owner");
    expect((await setRole(owner, workspaceId, owner.userId, "admin")).data.error.code).toBe("conflict:last_owner");

    const second = await signUpUser("Second Owner");
    await join(owner, workspaceId, second, "owner");
    // Each owner demotes the other at the same moment: one wins, the other is refused.
    const answers = await Promise.all([setRole(owner, workspaceId, second.userId, "editor"), setRole(second, workspaceId, owner.userId, "editor")]);
    // The loser is refused as no longer owner (403) or as the last owner (409), whichever it reads under the lock.
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect([403, 409]).toContain(answers.find((a) => a.status !== 200)!.status);
    const roles = (await getDb()).membership.findMany({ where: { workspaceId, role: "owner" } });
    expect(await roles).toHaveLength(1);
  });

  it("viewers open and run projects but cannot save or use the agent; editors can", async () => {
    const workspaceId = await newTeam(owner);
    const [editor, viewer] = await Promise.all([signUpUser("Eve Editor"), signUpUser("Vic Viewer")]);
    await join(owner, workspaceId, editor, "editor");
    await join(owner, workspaceId, viewer, "viewer");
    const projectId = await teamProject(owner, workspaceId);

    const base = await headOf(editor, projectId);
    const saved = await call(saveRoute.POST, { user: editor, params: { projectId }, json: { baseSnapshotId: base, changes: [{ type: "write", path: "team.txt", content: "hi" }] } });
    expect(saved.status).toBe(200);

    expect((await call(filesRoute.GET, { user: viewer, params: { projectId } })).data.entries.map((e: { path: string }) => e.path)).toEqual(["team.txt"]);
    const viewerSave = await call(saveRoute.POST, { user: viewer, params: { projectId }, json: { baseSnapshotId: saved.data.snapshotId, changes: [{ type: "write", path: "v.txt", content: "no" }] } });
    expect(viewerSave.status).toBe(403);
    expect(viewerSave.data.error.code).toBe("forbidden:project:write");

    const session = await call(sessionsRoute.POST, { user: viewer, params: { projectId }, json: {} });
    expect(session.status).toBe(403);
    expect(session.data.error.code).toBe("forbidden:agent:use");
    const editorSession = await call(sessionsRoute.POST, { user: editor, params: { projectId }, json: {} });
    expect(editorSession.status).toBe(201);

    // The viewer's command runs in their own box and sees the project; what it writes is not saved.
    const run = events((await call(boxExecRoute.POST, { user: viewer, params: { projectId }, json: { command: "cat team.txt; echo mine > viewer-wrote.txt" } })).data);
    const result = run.find((e) => e.type === "result")!;
    expect(result).toMatchObject({ exitCode: 0, stdout: "hi", changedPaths: [] });
    expect(result.notSaved).toMatch(/viewer.*cannot save/);
    expect(await headOf(owner, projectId)).toBe(saved.data.snapshotId);
    expect((await call(filesRoute.GET, { user: owner, params: { projectId } })).data.entries.map((e: { path: string }) => e.path)).toEqual(["team.txt"]);

    // A demotion counts at once, though the editor's role was cached by their save.
    expect((await setRole(owner, workspaceId, editor.userId, "viewer")).status).toBe(200);
    const demoted = await call(saveRoute.POST, { user: editor, params: { projectId }, json: { baseSnapshotId: saved.data.snapshotId, changes: [{ type: "write", path: "late.txt", content: "no" }] } });
    expect(demoted.status).toBe(403);
  });

  it("moves a project only between workspaces the caller administers", async () => {
    const [from, to] = await Promise.all([newTeam(owner, "From"), newTeam(owner, "To")]);
    const projectId = await teamProject(owner, from);
    const editorElsewhere = await signUpUser("Editor Elsewhere");
    await join(owner, from, editorElsewhere, "admin");
    await join(owner, to, editorElsewhere, "editor");
    const refused = await call(moveRoute.POST, { user: editorElsewhere, params: { projectId }, json: { workspaceId: to } });
    expect(refused.status).toBe(403);
    const notMember = await call(moveRoute.POST, { user: other, params: { projectId }, json: { workspaceId: to } });
    expect(notMember.status).toBe(404);
    expect((await call(moveRoute.POST, { user: owner, params: { projectId }, json: { workspaceId: to } })).data).toEqual({ projectId, workspaceId: to });
    expect((await call(projectRoute.GET, { user: owner, params: { projectId } })).data.project.workspaceId).toBe(to);
    // The admin of "From" only loses it.
    expect((await call(projectRoute.GET, { user: editorElsewhere, params: { projectId } })).status).toBe(200);
  });

  it("deletes a team only for an owner who typed its name; its projects hide at once, an owner restores, the purge removes it after the grace", async () => {
    const workspaceId = await newTeam(owner, "Doomed");
    const admin = await signUpUser("Admin Del");
    await join(owner, workspaceId, admin, "admin");
    const projectId = await teamProject(owner, workspaceId);

    expect((await call(workspaceRoute.DELETE, { user: admin, params: { workspaceId }, method: "DELETE", json: { confirmName: "Doomed" } })).status).toBe(403);
    const mistyped = await call(workspaceRoute.DELETE, { user: owner, params: { workspaceId }, method: "DELETE", json: { confirmName: "doomed" } });
    expect(mistyped.data.error.code).toBe("invalid:confirmation");
    const deleted = await call(workspaceRoute.DELETE, { user: owner, params: { workspaceId }, method: "DELETE", json: { confirmName: "Doomed" } });
    expect(deleted.status).toBe(200);

    for (const user of [owner, admin]) {
      expect((await call(projectRoute.GET, { user, params: { projectId } })).status).toBe(404);
      expect((await call(projectsRoute.GET, { user })).data.projects.map((p: { id: string }) => p.id)).not.toContain(projectId);
      expect((await call(membersRoute.GET, { user, params: { workspaceId } })).status).toBe(404);
    }
    const listed = (await call(workspacesRoute.GET, { user: owner })).data.workspaces.find((w: { id: string }) => w.id === workspaceId);
    expect(listed.deletedAt).not.toBeNull();
    expect((await call(workspacesRoute.GET, { user: admin })).data.workspaces.map((w: { id: string }) => w.id)).not.toContain(workspaceId);
    expect((await call(restoreRoute.POST, { user: admin, params: { workspaceId }, method: "POST" })).status).toBe(404);

    expect((await call(restoreRoute.POST, { user: owner, params: { workspaceId }, method: "POST" })).status).toBe(200);
    expect((await call(projectRoute.GET, { user: admin, params: { projectId } })).status).toBe(200);

    await call(workspaceRoute.DELETE, { user: owner, params: { workspaceId }, method: "DELETE", json: { confirmName: "Doomed" } });
    await purgeExpiredWorkspaces(new Date(Date.now() + deletedWorkspaceGraceMs - 60_000));
    expect(await (await getDb()).project.findUnique({ where: { id: projectId } })).not.toBeNull();
    await purgeExpiredWorkspaces(new Date(Date.now() + deletedWorkspaceGraceMs + 60_000));
    expect(await (await getDb()).project.findUnique({ where: { id: projectId } })).toBeNull();
    expect(await (await getDb()).workspace.findUnique({ where: { id: workspaceId } })).toBeNull();
  });

  it("never deletes a personal workspace", async () => {
    const personal = (await call(workspacesRoute.GET, { user: owner })).data.workspaces[0];
    const res = await call(workspaceRoute.DELETE, { user: owner, params: { workspaceId: personal.id }, method: "DELETE", json: { confirmName: personal.name } });
    expect(res.data.error.code).toBe("invalid:personal_workspace");
  });
});
