import { randomBytes, randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { adminDatabaseUrl, createDatabase, dropDatabase } from "../../scripts/lib/throwaway-database";
import { startInstance, type Instance } from "../support/app-instances";
import { AuthPage } from "./pages/auth-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// The server goes away while someone types: a production server of this spec's own (the suite's
// shared one cannot be stopped), on a fresh Postgres database that outlives its restarts. What was
// typed while it was down must reach the project once it is back, read through the API.

const port = Number(process.env.E2E_PORT ?? 3100) + 5;

test.describe.configure({ timeout: 240_000 });

let databaseName = "";
let env: Record<string, string> = {};
let instance: Instance | null = null;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  databaseName = `ide_e2e_offline_${randomBytes(6).toString("hex")}`;
  env = { DATABASE_URL: await createDatabase({ adminUrl: adminDatabaseUrl(), name: databaseName }), PGLITE_DIR: "" };
  instance = await startInstance({ kind: "built", port, env });
});

test.afterAll(async () => {
  await instance?.stop();
  instance = null;
  if (databaseName) await dropDatabase({ adminUrl: adminDatabaseUrl(), name: databaseName });
});

async function savedBytes(request: APIRequestContext, projectId: string, path: string): Promise<Buffer | null> {
  const { project } = (await (await request.get(`/api/projects/${projectId}`)).json()) as { project: { headSnapshotId: string } };
  const res = await request.get(`/api/projects/${projectId}/files/raw?${new URLSearchParams({ path, snapshotId: project.headSnapshotId })}`);
  return res.ok() ? res.body() : null;
}

async function savedText(request: APIRequestContext, projectId: string, path: string): Promise<string> {
  const bytes = await savedBytes(request, projectId, path);
  expect(bytes).not.toBeNull();
  return bytes!.toString("utf8");
}

test("typing goes on while the server is down; every keystroke is saved once it is back, and a reload finds the rest", async ({ browser }) => {
  const origin = instance!.origin;
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name: "Offline user", email: `offline-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const created = await page.request.post("/api/projects", { data: { name: "Offline project" }, headers: { origin } });
  expect(created.status()).toBe(201);
  const { project } = (await created.json()) as { project: { id: string; headSnapshotId: string | null } };
  const seeded = await page.request.post(`/api/projects/${project.id}/save`, {
    data: { baseSnapshotId: project.headSnapshotId, changes: [{ type: "write", path: "notes.txt", content: "start" }] },
    headers: { origin },
  });
  expect(seeded.ok()).toBe(true);

  const ide = new IdePage(page);
  await ide.goto(project.id);
  await ide.openFile("notes.txt");
  await ide.typeInEditor(" one");
  await ide.save();
  expect(await savedText(page.request, project.id, "notes.txt")).toBe("start one");

  await instance!.stop();
  await ide.typeInEditor(" two");
  await ide.save({ wait: false });
  await expect(page.getByTestId("offline-banner")).toContainText("Offline — your changes are kept in this browser");
  // Typing goes on after the save that could not go out; that is kept too.
  await ide.typeInEditor(" three");
  await ide.expectEditorText("start one two three");
  // An image uploaded meanwhile waits in this browser too, and the banner says so.
  const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xff, 0x00]);
  await ide.uploadFiles([{ name: "logo.png", mimeType: "image/png", buffer: image }]);
  await expect(page.getByTestId("offline-uploads-waiting")).toContainText("1 uploaded file waits to be saved");
  await ide.openFile("notes.txt");

  instance = await startInstance({ kind: "built", port, env });
  await expect(page.getByTestId("offline-banner")).toHaveCount(0, { timeout: 30_000 });
  await expect.poll(() => savedText(page.request, project.id, "notes.txt"), { timeout: 30_000 }).toBe("start one two three");
  await expect.poll(() => savedBytes(page.request, project.id, "logo.png"), { timeout: 30_000 }).toEqual(image);
  await ide.expectSaveStatus("saved");

  // Down again, typed without saving: a reload once the server is back finds the draft in IndexedDB.
  await instance.stop();
  await ide.typeInEditor(" four");
  instance = await startInstance({ kind: "built", port, env });
  await page.reload();
  await ide.waitForReady();
  await ide.waitForActiveFile("notes.txt");
  await ide.expectEditorText("start one two three four");
  await ide.expectDirty("notes.txt");
  await ide.save();
  expect(await savedText(page.request, project.id, "notes.txt")).toBe("start one two three four");
  await context.close();
});
