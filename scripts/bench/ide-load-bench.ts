import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../../playwright.config";
import { savedTabsPrefix } from "../../lib/client/local-keys";
import { IdePage } from "../../tests/e2e/pages/ide-page";
import { freePort } from "./free-port";
import { generateProject, totalBytes } from "./generate-project";
import { repeat, summarize, type Summary } from "./stats";

/** Time to ready; traffic by then, and once the page has gone quiet (language workers included). */
export type PageLoad = {
  ms: Summary;
  bytes: Summary;
  requests: Summary;
  settledBytes: Summary;
  settledRequests: Summary;
  /** Runs still downloading `settleCapMs` after ready (their settled figures are lower bounds). */
  settledCapped: number;
  /** JavaScript the page itself fetched (its workers' excluded), as sent (gzip), by ready and once quiet. */
  script: { bytes: Summary; requests: Summary; settledBytes: Summary; settledRequests: Summary };
};
/** bolt.diy, served apart from this repository, and a chat in its export format to import into it. */
export type ReferencePage = { url: string; chatFile: string };
// bolt.diy's own elements: its prompt box, its code editor (CodeMirror) and its "Import Chat" input.
const bolt = { prompt: "textarea", editor: ".cm-editor", importInput: "#chat-import" };
export type IdeLoadResult = {
  browser: string;
  /** Why `next build` ran first, or null when the existing build was used. */
  build: string | null;
  /** When the measured build was made (the bench reuses an existing one). */
  builtAt: Date;
  project: { files: number; bytes: number };
  openedFile: string;
  /**
   * `monacoMs`: the person's click in the file (shown by the light view, `ms`) → Monaco showing it;
   * `engaged`: the page's JavaScript and all bytes once quiet again after that click.
   */
  ide: PageLoad & {
    hydratedMs: Summary;
    /** Navigation → the agent's input usable (hydrated, enabled, laid out). */
    chatMs: Summary;
    /**
     * A returning person (the file open in the earlier visit, HTTP cache emptied): navigation → the
     * file shown (the server renders it into the page), and → editable (once hydrated).
     */
    returningMs: Summary;
    returningEditableMs: Summary;
    terminalPromptMs: Summary;
    monacoMs: Summary;
    engaged: { scriptBytes: Summary; scriptRequests: Summary; bytes: Summary; requests: Summary };
  };
  blank: PageLoad;
  /** The project list, navigation → hydrated. */
  dashboard: PageLoad;
  /**
   * bolt.diy given with --bolt-url, null otherwise: a cold load of its page until its prompt box shows,
   * and `returningMs`, navigation to an imported chat (HTTP cache emptied) → its editor visible.
   */
  reference: (PageLoad & ReferencePage & { returningMs: Summary }) | null;
};

const root = process.cwd();
export const settleCapMs = 5_000;
const password = "correct horse battery staple";

/**
 * Cold loads of the IDE in Chromium (navigation → editor showing a file) against the blank page
 * (navigation → load event), alternating them in each run so the machine's noise hits both; the
 * dashboard, and a reference page such as bolt.diy's when one is given, take turns in the same runs.
 */
export async function runIdeLoadBench({ runs, reference }: { runs: number; reference?: ReferencePage }): Promise<IdeLoadResult> {
  const build = ensureBuild();
  const files = generateProject();
  const dataDir = await mkdtemp(path.join(tmpdir(), "bench-ide-"));
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const server = startServer(port, dataDir);
  let browser: Browser | undefined;
  try {
    await waitForServer(base, server);
    const cookies = await signUp(base);
    console.log(`  IDE load: importing ${files.length} files through POST /api/projects/:id/save…`);
    const projectId = await importProject(base, cookies, files);
    const opened = files[0]!;

    browser = await chromium.launch(chromiumLaunchOptions);
    console.log(`  IDE load: ${runs} cold loads (after one warm-up) of /blank, the IDE, the dashboard${reference ? ` and ${reference.url}` : ""}…`);
    const loads = await repeat(runs, async () => ({
      blank: await loadBlank(browser!, base, cookies),
      ide: await loadIde(browser!, base, cookies, projectId, opened),
      returning: await loadIdeReturning(browser!, base, cookies, projectId, opened),
      dashboard: await loadDashboard(browser!, base, cookies),
      reference: reference ? await loadReference(browser!, reference) : null,
      referenceReturning: reference ? await loadReferenceReturning(browser!, reference) : null,
    }));
    const summary = (pick: (l: (typeof loads)[number]) => Measured): PageLoad => {
      const of = (key: Exclude<keyof Measured, "script">) => summarize(loads.map((l) => pick(l)[key]));
      const script = (key: keyof Measured["script"]) => summarize(loads.map((l) => pick(l).script[key]));
      return {
        ms: of("ms"),
        bytes: of("bytes"),
        requests: of("requests"),
        settledBytes: of("settledBytes"),
        settledRequests: of("settledRequests"),
        settledCapped: loads.filter((l) => pick(l).settledCapped).length,
        script: { bytes: script("bytes"), requests: script("requests"), settledBytes: script("settledBytes"), settledRequests: script("settledRequests") },
      };
    };
    return {
      browser: `Chromium ${browser.version()}`,
      build,
      builtAt: statSync(path.join(root, ".next", "BUILD_ID")).mtime,
      project: { files: files.length, bytes: totalBytes(files) },
      openedFile: opened.path,
      ide: {
        ...summary((l) => l.ide),
        hydratedMs: summarize(loads.map((l) => l.ide.hydratedMs)),
        chatMs: summarize(loads.map((l) => l.ide.chatMs)),
        returningMs: summarize(loads.map((l) => l.returning.shown)),
        returningEditableMs: summarize(loads.map((l) => l.returning.editable)),
        terminalPromptMs: summarize(loads.map((l) => l.ide.terminalPromptMs)),
        monacoMs: summarize(loads.map((l) => l.ide.monacoMs)),
        engaged: {
          scriptBytes: summarize(loads.map((l) => l.ide.engaged.scriptBytes)),
          scriptRequests: summarize(loads.map((l) => l.ide.engaged.scriptRequests)),
          bytes: summarize(loads.map((l) => l.ide.engaged.bytes)),
          requests: summarize(loads.map((l) => l.ide.engaged.requests)),
        },
      },
      blank: summary((l) => l.blank),
      dashboard: summary((l) => l.dashboard),
      reference: reference ? { ...reference, ...summary((l) => l.reference!), returningMs: summarize(loads.map((l) => l.referenceReturning!)) } : null,
    };
  } catch (error) {
    console.error(`next start output (last lines):\n${serverLog.slice(-4000)}`);
    throw error;
  } finally {
    await browser?.close();
    await stopServer(server);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The production build must exist and include /blank (the reference page); otherwise build first. */
function ensureBuild(): string | null {
  const manifest = path.join(root, ".next", "app-path-routes-manifest.json");
  const reason = !existsSync(path.join(root, ".next", "BUILD_ID"))
    ? ".next/BUILD_ID was missing"
    : !existsSync(manifest) || !readFileSync(manifest, "utf8").includes('"/blank"')
      ? "the existing build lacked the /blank page"
      : null;
  if (!reason) return null;
  console.log(`Running next build first: ${reason}…`);
  const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
  return reason;
}

let serverLog = "";

function startServer(port: number, dataDir: string): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // This process may point DATABASE_URL at the storage benchmark's Postgres; the server gets its own PGlite.
    DATABASE_URL: "",
    PGLITE_DIR: dataDir,
    BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  };
  delete env.BETTER_AUTH_URL;
  // The app's server entry, as `npm start` runs it (it takes a few milliseconds to bundle).
  const bundled = spawnSync(process.execPath, ["scripts/build-server.mjs"], { cwd: root, encoding: "utf8" });
  if (bundled.status !== 0) throw new Error(`building the server entry failed:\n${bundled.stderr}`);
  // Its own process group, so stopping it also stops anything it spawned.
  const server = spawn(process.execPath, ["node_modules/.cache/server/main.mjs", "-p", String(port)], {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const append = (chunk: Buffer) => (serverLog = (serverLog + chunk.toString()).slice(-20_000));
  server.stdout!.on("data", append);
  server.stderr!.on("data", append);
  // A detached server outlives a crash of this script unless stopped here.
  process.once("exit", () => signal(server, "SIGKILL"));
  return server;
}

/** Signals the server's process group (the one we started); it may already be gone. */
function signal(server: ChildProcess, name: NodeJS.Signals) {
  try {
    if (server.pid !== undefined && server.exitCode === null) process.kill(-server.pid, name);
  } catch {
    // Already exited.
  }
}

async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  signal(server, "SIGTERM");
  const timer = setTimeout(() => signal(server, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitForServer(base: string, server: ChildProcess) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    const ok = await fetch(`${base}/blank`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("next start did not answer within 90 s");
}

type Cookie = { name: string; value: string };

async function api(base: string, cookies: Cookie[], route: string, body: unknown) {
  const res = await fetch(base + route, {
    method: "POST",
    // better-auth refuses a POST whose Origin is not the app's own.
    headers: { "content-type": "application/json", origin: base, cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${route}: ${res.status} ${(await res.text()).slice(0, 500)}`);
  return res;
}

async function signUp(base: string): Promise<Cookie[]> {
  const res = await api(base, [], "/api/auth/sign-up/email", { email: `bench-${Date.now()}@example.test`, password, name: "Bench" });
  return res.headers.getSetCookie().map((c) => {
    const pair = c.split(";")[0]!;
    return { name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1) };
  });
}

/** The generated project through the public API: create it, then one save holding every file. */
async function importProject(base: string, cookies: Cookie[], files: { path: string; content: string }[]) {
  const { project } = (await (await api(base, cookies, "/api/projects", { name: "Bench project" })).json()) as {
    project: { id: string; headSnapshotId: string | null };
  };
  const changes = files.map((f) => ({ type: "write", path: f.path, content: f.content }));
  await api(base, cookies, `/api/projects/${project.id}/save`, { baseSnapshotId: project.headSnapshotId, changes });
  return project.id;
}

type ScriptTraffic = { bytes: number; requests: number; settledBytes: number; settledRequests: number };
type Measured = { ms: number; bytes: number; requests: number; settledBytes: number; settledRequests: number; settledCapped: number; script: ScriptTraffic };

/** A fresh context: empty cache and storage, holding only the session cookie. */
async function openCold(browser: Browser, base: string, cookies: Cookie[]) {
  const context = await browser.newContext();
  // In production better-auth marks its cookie Secure (__Secure- prefix); Chromium accepts that for
  // localhost over http, but CDP only with an explicit domain rather than an http URL.
  const { hostname } = new URL(base);
  await context.addCookies(cookies.map((c) => ({ ...c, domain: hostname, path: "/", secure: true, httpOnly: true, sameSite: "Lax" as const })));
  const page = await context.newPage();
  // The page's resource timeline holds 250 entries by default; a page past that would be undercounted.
  await page.addInitScript(() => performance.setResourceTimingBufferSize(10_000));
  return { context, page, traffic: countTraffic(context, page) };
}

/**
 * JavaScript fetched by the page's own thread so far: its resource timeline, which holds neither
 * its workers' fetches nor the HTML. `encodedBodySize` is the body as sent, gzip here (`next start`
 * compresses); a cross-origin script without Timing-Allow-Origin reports 0 and is counted as such.
 */
async function mainThreadScripts(page: Page, untilMs = Infinity): Promise<{ bytes: number; requests: number }> {
  return page.evaluate((until) => {
    const scripts = performance
      .getEntriesByType("resource")
      .filter((entry): entry is PerformanceResourceTiming => entry instanceof PerformanceResourceTiming && new URL(entry.name).pathname.endsWith(".js"))
      .filter((entry) => entry.responseEnd <= until)
      // Monaco's language workers, started from public/monaco (the workers' own code, not the page's).
      .filter((entry) => !new URL(entry.name).pathname.startsWith("/monaco/"));
    return { bytes: scripts.reduce((sum, entry) => sum + entry.encodedBodySize, 0), requests: scripts.length };
  }, untilMs);
}

/** Bytes on the wire of Monaco's worker scripts (public/monaco), from the page's timeline. */
async function workerScripts(page: Page, untilMs = Infinity): Promise<number> {
  return page.evaluate(
    (until) =>
      performance
        .getEntriesByType("resource")
        .filter((entry): entry is PerformanceResourceTiming => entry instanceof PerformanceResourceTiming && new URL(entry.name).pathname.startsWith("/monaco/"))
        .filter((entry) => entry.responseEnd <= until)
        .reduce((sum, entry) => sum + entry.transferSize, 0),
    untilMs,
  );
}

/**
 * Bytes on the wire (response headers + encoded body) of every finished request, the page's and
 * its workers' (Monaco starts its language workers after the editor shows a file, and a page-level
 * CDP session would not see their downloads). A negative size means a memory-cache hit: 0 bytes.
 */
function countTraffic(context: BrowserContext, page: Page) {
  const sizes: Promise<number>[] = [];
  let lastFinish = performance.now();
  context.on("requestfinished", (request) => {
    lastFinish = performance.now();
    // Monaco's worker scripts (public/monaco) have no sizes in Playwright; workerScripts counts them.
    if (new URL(request.url()).pathname.startsWith("/monaco/")) sizes.push(Promise.resolve(0));
    else sizes.push(request.sizes().then((s) => Math.max(0, s.responseHeadersSize) + Math.max(0, s.responseBodySize), () => 0));
  });
  const total = async (count: number) => ({ bytes: (await Promise.all(sizes.slice(0, count))).reduce((a, b) => a + b, 0), requests: count });
  return {
    /** Traffic of the requests finished so far. */
    now: () => total(sizes.length),
    /**
     * Traffic once `workers` workers have started and no request has finished for 1.5 s (waiting for
     * the workers matters on a loaded machine, where they may start later than that), or after
     * `settleCapMs` with `capped` set: a page still downloading then would blow the time budget.
     */
    async settled({ workers }: { workers: number }) {
      const deadline = performance.now() + settleCapMs;
      const quiet = () => page.workers().length >= workers && performance.now() - lastFinish >= 1_500;
      while (!quiet() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      return { ...(await total(sizes.length)), capped: !quiet() };
    },
  };
}

async function loadBlank(browser: Browser, base: string, cookies: Cookie[]): Promise<Measured> {
  const { context, page, traffic } = await openCold(browser, base, cookies);
  try {
    await page.goto(`${base}/blank`, { waitUntil: "load" });
    await page.getByTestId("blank").waitFor({ state: "attached" });
    const ms = await page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).loadEventEnd);
    return await measured(ms, page, traffic, 0);
  } finally {
    await context.close();
  }
}

/** The project list (one project), navigation → hydrated, timed in the page. */
async function loadDashboard(browser: Browser, base: string, cookies: Cookie[]): Promise<Measured> {
  const { context, page, traffic } = await openCold(browser, base, cookies);
  try {
    await page.goto(`${base}/projects`, { waitUntil: "commit" });
    const hydrated = await page.waitForFunction(() => document.querySelector('[data-testid="dashboard"][data-hydrated="true"]') && performance.now(), null, {
      timeout: 60_000,
      polling: "raf",
    });
    return await measured((await hydrated.jsonValue()) as number, page, traffic, 0);
  } finally {
    await context.close();
  }
}

/**
 * bolt.diy's page, navigation → its prompt box laid out, read in the page on every mutation as for
 * the IDE. A fresh context without our cookie: a cold load.
 */
async function loadReference(browser: Browser, reference: ReferencePage): Promise<Measured> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const traffic = countTraffic(context, page);
    await page.addInitScript(() => performance.setResourceTimingBufferSize(10_000));
    await page.addInitScript(watchForSelector, bolt.prompt);
    await page.goto(reference.url, { waitUntil: "commit" });
    await page.waitForFunction(() => window.__benchMarks?.referenceReady !== undefined, null, { timeout: 60_000, polling: 50 });
    return await measured(await page.evaluate(() => window.__benchMarks!.referenceReady!), page, traffic, 0);
  } finally {
    await context.close();
  }
}

/**
 * A person returning to a bolt.diy chat: the first visit imports the chat (kept in the browser's
 * IndexedDB, where bolt.diy keeps its chats) and its editor shows; then the HTTP cache is emptied and
 * the chat opened again → its editor laid out. Its editor stays empty here: bolt.diy writes the
 * chat's files through WebContainer, which cannot boot without StackBlitz.
 */
async function loadReferenceReturning(browser: Browser, reference: ReferencePage): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(reference.url);
    await page.locator(bolt.prompt).first().waitFor({ state: "visible", timeout: 60_000 });
    // The input answers only once the page has hydrated: offer the file again until the chat opens.
    const deadline = Date.now() + 60_000;
    while (!/\/chat\//.test(page.url())) {
      if (Date.now() > deadline) throw new Error(`bolt.diy did not open the chat imported from ${reference.chatFile}`);
      await page.locator(bolt.importInput).setInputFiles(reference.chatFile);
      await page.waitForURL(/\/chat\//, { timeout: 3_000 }).catch(() => undefined);
    }
    await page.locator(bolt.editor).first().waitFor({ state: "visible", timeout: 60_000 });
    const chatUrl = page.url();
    await emptyHttpCache(page);
    await page.addInitScript(watchForSelector, bolt.editor);
    await page.goto(chatUrl, { waitUntil: "commit" });
    await page.waitForFunction(() => window.__benchMarks?.referenceReady !== undefined, null, { timeout: 60_000, polling: 50 });
    return await page.evaluate(() => window.__benchMarks!.referenceReady!);
  } finally {
    await context.close();
  }
}

/** The browser's HTTP cache emptied (storage kept): the next navigation downloads every file again. */
async function emptyHttpCache(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.clearBrowserCache");
  await cdp.detach();
}

/** Runs in the reference page before its scripts: when an element matching `selector` is first laid out. */
function watchForSelector(selector: string) {
  const marks: NonNullable<Window["__benchMarks"]> = {};
  window.__benchMarks = marks;
  new MutationObserver(() => {
    const element = document.querySelector(selector);
    if (marks.referenceReady === undefined && element && element.getClientRects().length > 0) marks.referenceReady = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

async function measured(
  ms: number,
  page: Page,
  traffic: ReturnType<typeof countTraffic>,
  workers: number,
  trafficAtReady?: { bytes: number; requests: number },
): Promise<Measured> {
  const atReady = trafficAtReady ?? (await traffic.now());
  const workersAtReady = await workerScripts(page, ms);
  // Fetched by the moment of ready (the page goes on loading while the bench reads it).
  const scriptsAtReady = await mainThreadScripts(page, ms);
  const settled = await traffic.settled({ workers });
  const scriptsSettled = await mainThreadScripts(page);
  const workersSettled = await workerScripts(page);
  return {
    ms,
    requests: atReady.requests,
    bytes: atReady.bytes + workersAtReady,
    settledBytes: settled.bytes + workersSettled,
    settledRequests: settled.requests,
    settledCapped: settled.capped ? 1 : 0,
    script: { ...scriptsAtReady, settledBytes: scriptsSettled.bytes, settledRequests: scriptsSettled.requests },
  };
}

declare global {
  interface Window {
    __benchMarks?: { hydrated?: number; chatReady?: number; fileShown?: number; editorReady?: number; engaged?: number; monacoReady?: number; terminalPrompt?: number; referenceReady?: number };
  }
}

/**
 * Navigation → the IDE hydrated → the file opened from the tree and shown (by the light view); the
 * page's traffic once quiet; then a click in the file → Monaco showing it, and the traffic once
 * quiet again. The moments are taken in the page (performance.now() counts from navigation
 * start), so Playwright's own polling does not add to them.
 */
async function loadIde(browser: Browser, base: string, cookies: Cookie[], projectId: string, file: { path: string; content: string }) {
  const { context, page, traffic } = await openCold(browser, base, cookies);
  try {
    const firstLine = file.content.slice(0, file.content.indexOf("\n"));
    await page.addInitScript(watchForReady, { path: file.path, text: firstLine });
    await page.goto(`${base}/projects/${projectId}`, { waitUntil: "commit" });
    const ide = new IdePage(page);
    await ide.root.and(page.locator('[data-hydrated="true"]')).waitFor({ timeout: 60_000 });
    await openFromTree(ide, file.path);
    await page.waitForFunction(() => window.__benchMarks?.editorReady !== undefined, null, { timeout: 60_000, polling: 50 });
    const trafficAtReady = await traffic.now();
    await page.waitForFunction(() => window.__benchMarks?.terminalPrompt !== undefined && window.__benchMarks.chatReady !== undefined, null, {
      timeout: 60_000,
      polling: 50,
    });
    // A file only read: Monaco has not loaded (no worker).
    const load = await measured((await page.evaluate(() => window.__benchMarks!)).editorReady!, page, traffic, 0, trafficAtReady);
    // The person clicks into the file to edit it: Monaco loads, with its editor and TypeScript workers.
    await page.locator('[data-testid="light-editor"] textarea').click({ position: { x: 40, y: 5 } });
    await page.waitForFunction(() => window.__benchMarks?.monacoReady !== undefined, null, { timeout: 60_000, polling: 50 });
    const engagedTraffic = await traffic.settled({ workers: 2 });
    const engagedScripts = await mainThreadScripts(page);
    const marks = await page.evaluate(() => window.__benchMarks!);
    return {
      ...load,
      hydratedMs: marks.hydrated!,
      chatMs: marks.chatReady!,
      terminalPromptMs: marks.terminalPrompt!,
      monacoMs: marks.monacoReady! - marks.engaged!,
      engaged: {
        scriptBytes: engagedScripts.bytes,
        scriptRequests: engagedScripts.requests,
        bytes: engagedTraffic.bytes + (await workerScripts(page)),
        requests: engagedTraffic.requests,
      },
    };
  } finally {
    await context.close();
  }
}

/**
 * A person coming back to the project: the first visit opened the file from the tree (the IDE keeps
 * open tabs in localStorage), then the HTTP cache is emptied and the project opened again →
 * navigation → the file shown. bolt.diy's counterpart is loadReferenceReturning.
 */
async function loadIdeReturning(browser: Browser, base: string, cookies: Cookie[], projectId: string, file: { path: string; content: string }) {
  const { context, page } = await openCold(browser, base, cookies);
  try {
    await page.addInitScript(watchForReady, { path: file.path, text: file.content.slice(0, file.content.indexOf("\n")) });
    const url = `${base}/projects/${projectId}`;
    await page.goto(url, { waitUntil: "commit" });
    const ide = new IdePage(page);
    await ide.root.and(page.locator('[data-hydrated="true"]')).waitFor({ timeout: 60_000 });
    await openFromTree(ide, file.path);
    // The tab is kept once the IDE has written it down.
    await page.waitForFunction(
      ({ prefix, path }) => Object.keys(localStorage).some((key) => key.startsWith(prefix) && (JSON.parse(localStorage.getItem(key)!) as { active?: string }).active === path),
      { prefix: savedTabsPrefix({ projectId }), path: file.path },
      { timeout: 60_000 },
    );
    await emptyHttpCache(page);
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(() => window.__benchMarks?.editorReady !== undefined, null, { timeout: 60_000, polling: 50 });
    const marks = await page.evaluate(() => window.__benchMarks!);
    return { shown: marks.fileShown!, editable: marks.editorReady! };
  } finally {
    await context.close();
  }
}

/** Expands each folder above the file and clicks its row, as a person would. */
async function openFromTree(ide: IdePage, filePath: string) {
  const parts = filePath.split("/");
  for (let i = 1; i < parts.length; i++) {
    const row = ide.treeItem(parts.slice(0, i).join("/"));
    if ((await row.getAttribute("data-expanded")) !== "true") await row.click();
  }
  await ide.treeItem(filePath).click();
}

/**
 * Runs in the page before its scripts: records when the IDE hydrates, when the file's text shows,
 * when the person first presses in it, when Monaco shows it, and when the terminal's last line is the shell's prompt (read from xterm's buffer every 10 ms).
 * No named inner functions: tsx wraps those in a `__name` helper the page does not have.
 */
function watchForReady(expected: { path: string; text: string }) {
  const marks: NonNullable<Window["__benchMarks"]> = {};
  window.__benchMarks = marks;
  new MutationObserver(() => {
    if (marks.hydrated === undefined && document.querySelector('[data-testid="ide"][data-hydrated="true"]')) marks.hydrated = performance.now();
    const chatInput = document.querySelector('[data-testid="agent-input-form"] textarea');
    if (marks.chatReady === undefined && marks.hydrated !== undefined && chatInput instanceof HTMLTextAreaElement && !chatInput.disabled && chatInput.getClientRects().length > 0) {
      marks.chatReady = performance.now();
    }
    const editor = document.querySelector(`[data-testid="editor"][data-ready="true"][data-path="${CSS.escape(expected.path)}"]`);
    // Monaco renders spaces as no-break spaces.
    const inMonaco = (editor?.querySelector(".view-lines")?.textContent?.replaceAll("\u00a0", " ") ?? "").includes(expected.text);
    // The light view (components/editor/light-editor.tsx) shows the file, editable, while Monaco loads.
    const light = document.querySelector(`[data-testid="light-editor"][data-path="${CSS.escape(expected.path)}"] textarea`);
    const inLight = light instanceof HTMLTextAreaElement && light.getClientRects().length > 0 && light.value.includes(expected.text);
    const now = performance.now();
    // Shown: also in the server's HTML, read-only until the page hydrates; then editable.
    if (marks.fileShown === undefined && (inMonaco || inLight)) marks.fileShown = now;
    if (marks.editorReady === undefined && (inMonaco || (inLight && !light.readOnly))) marks.editorReady = now;
    if (marks.monacoReady === undefined && inMonaco && !light) marks.monacoReady = now;
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener(
    "pointerdown",
    (event) => {
      if (marks.engaged === undefined && event.target instanceof Element && event.target.closest('[data-testid="light-editor"]')) marks.engaged = performance.now();
    },
    true,
  );
  const prompt = setInterval(() => {
    const lastLine = window.__terminalTest?.getText().split("\n").pop() ?? "";
    if (!/\$ ?$/.test(lastLine)) return;
    marks.terminalPrompt = performance.now();
    clearInterval(prompt);
  }, 10);
}
