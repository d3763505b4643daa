import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SeedEntry } from "@/lib/sandbox/seed-files";
import { SandboxError, type Sandbox, type SandboxErrorCode, type SandboxEvent, type SandboxLimits } from "@/lib/sandbox/types";

/** What every factory must start its sandbox with. */
export type ContractSetup = {
  files: SeedEntry[];
  /** The factory must apply these (the truncation test counts on the small output limit). */
  limits: Pick<SandboxLimits, "outputBytes" | "commandTimeoutMs">;
};

export type ContractOptions = {
  /** Runs the openShell tests (default true). */
  supportsShell?: boolean;
  /** The backend has one terminal stream (WebContainer's PTY), so stderr arrives in stdout. */
  mergesStderr?: boolean;
  /** How long a file event may take to arrive (default 2000 ms). */
  eventTimeoutMs?: number;
  /** How late past its deadline (or abort) a killed command may resolve (default 2000 ms). */
  killBoundMs?: number;
};

export type ContractFactory = (setup: ContractSetup) => Promise<{ sandbox: Sandbox; cleanup?: () => Promise<void> }>;

const binary = Uint8Array.from({ length: 256 }, (_, i) => i);

export const contractSetup: ContractSetup = {
  files: [
    { path: "hello.txt", kind: "file", content: "hello\n" },
    { path: "src/index.ts", kind: "file", content: "export const answer = 42;\n" },
    { path: "src/lib/util.ts", kind: "file", content: "export {};\n" },
    { path: "assets/blob.bin", kind: "file", content: binary },
    { path: "empty", kind: "dir" },
  ],
  limits: { outputBytes: 4096, commandTimeoutMs: 2000 },
};

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

// A process that waits 30 s and then ends by itself (no `sleep` in WebContainer's jsh).
const waitLong = `node -e "setTimeout(() => {}, 30000)"`;

async function expectCode(promise: Promise<unknown>, code: SandboxErrorCode) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected SandboxError ${code}`).toBeInstanceOf(SandboxError);
  expect((error as SandboxError).code).toBe(code);
}

async function waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The one contract every Sandbox backend passes: the file verbs, exec's semantics (exit codes,
 * streaming, cwd, env, timeout → 124, abort → 130, output cap), file events, shells and disposal.
 * Commands stay within what every backend runs, WebContainer's reduced jsh included (it has no
 * `sleep` and no `printf`: see lib/sandbox/webcontainer/FAKE.md): echo, cat, ls, exit N, redirects,
 * and `node -e` for anything timed, which is how a person times things there too.
 */
export function runSandboxContract(name: string, factory: ContractFactory, options: ContractOptions = {}) {
  const { supportsShell = true, mergesStderr = false, eventTimeoutMs = 2000, killBoundMs = 2000 } = options;

  describe(`Sandbox contract: ${name}`, () => {
    let sandbox: Sandbox;
    let cleanup: (() => Promise<void>) | undefined;
    let events: SandboxEvent[];

    beforeEach(async () => {
      ({ sandbox, cleanup } = await factory(structuredClone(contractSetup)));
      events = [];
      sandbox.onEvent((event) => events.push(event));
    });
    afterEach(async () => {
      await sandbox.dispose();
      await cleanup?.();
    });

    const fileEvent = (path: string, changes: string[]) =>
      waitFor(
        () => events.find((e) => e.type === "file" && e.path === path && changes.includes(e.change)),
        eventTimeoutMs,
        `a ${changes.join("/")} event for ${path}`,
      );

    describe("files", () => {
      it("is ready and starts with the seeded files, binary and empty folders included", async () => {
        expect(sandbox.status()).toEqual({ state: "ready" });
        expect(text(await sandbox.readFile("hello.txt"))).toBe("hello\n");
        expect(text(await sandbox.readFile("src/lib/util.ts"))).toBe("export {};\n");
        expect(await sandbox.readFile("assets/blob.bin")).toEqual(binary);
        expect(await sandbox.readdir("empty")).toEqual([]);
      });

      it("round-trips text and binary, overwrites, and creates missing parents", async () => {
        await sandbox.writeFile("notes/deep/er/a.txt", "héllo ✓\n");
        expect(text(await sandbox.readFile("notes/deep/er/a.txt"))).toBe("héllo ✓\n");
        await sandbox.writeFile("notes/deep/er/a.txt", "second");
        expect(text(await sandbox.readFile("notes/deep/er/a.txt"))).toBe("second");
        await sandbox.writeFile("b.bin", binary);
        expect(await sandbox.readFile("b.bin")).toEqual(binary);
        expect(await sandbox.readdir("notes")).toEqual([{ name: "deep", kind: "dir" }]);
      });

      it("normalizes paths", async () => {
        await sandbox.writeFile("x//y/./z.txt", "z");
        expect(text(await sandbox.readFile("x/y/z.txt"))).toBe("z");
      });

      it("reports missing files, folders read as files and files used as folders", async () => {
        await expectCode(sandbox.readFile("missing.txt"), "ENOENT");
        await expectCode(sandbox.readFile("src"), "EISDIR");
        await expectCode(sandbox.writeFile("src", "x"), "EISDIR");
        await expectCode(sandbox.writeFile("hello.txt/inner.txt", "x"), "ENOTDIR");
        await expectCode(sandbox.readdir("missing"), "ENOENT");
        await expectCode(sandbox.readdir("hello.txt"), "ENOTDIR");
      });

      it("lists folders, the root as \"\"", async () => {
        const root = await sandbox.readdir("");
        expect(root).toEqual(
          expect.arrayContaining([
            { name: "hello.txt", kind: "file" },
            { name: "src", kind: "dir" },
            { name: "assets", kind: "dir" },
            { name: "empty", kind: "dir" },
          ]),
        );
        expect((await sandbox.readdir("src")).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
          { name: "index.ts", kind: "file" },
          { name: "lib", kind: "dir" },
        ]);
      });

      it("stats files and folders", async () => {
        const before = Date.now();
        await sandbox.writeFile("sized.txt", "héllo");
        const file = await sandbox.stat("sized.txt");
        expect(file).toMatchObject({ kind: "file", size: 6 });
        expect(file.mtimeMs).toBeGreaterThan(before - 5000);
        expect(file.mtimeMs).toBeLessThan(Date.now() + 5000);
        expect((await sandbox.stat("src")).kind).toBe("dir");
        expect((await sandbox.stat("")).kind).toBe("dir");
        await expectCode(sandbox.stat("missing"), "ENOENT");
      });

      it("answers exists for files, folders, the root and missing paths", async () => {
        expect(await sandbox.exists("hello.txt")).toBe(true);
        expect(await sandbox.exists("src/lib")).toBe(true);
        expect(await sandbox.exists("")).toBe(true);
        expect(await sandbox.exists("nope")).toBe(false);
        expect(await sandbox.exists("hello.txt/under-a-file")).toBe(false);
      });

      it("makes folders recursively and idempotently, never over a file", async () => {
        await sandbox.mkdir("a/b/c");
        await sandbox.mkdir("a/b/c");
        await sandbox.mkdir("src");
        expect((await sandbox.stat("a/b/c")).kind).toBe("dir");
        await expectCode(sandbox.mkdir("hello.txt"), "EEXIST");
        await expectCode(sandbox.mkdir("hello.txt/sub"), "ENOTDIR");
      });

      it("removes files, empty folders, and non-empty folders only recursively", async () => {
        await sandbox.rm("hello.txt");
        expect(await sandbox.exists("hello.txt")).toBe(false);
        await sandbox.rm("empty");
        expect(await sandbox.exists("empty")).toBe(false);
        await expectCode(sandbox.rm("src"), "ENOTEMPTY");
        expect(await sandbox.exists("src/index.ts")).toBe(true);
        await sandbox.rm("src", { recursive: true });
        expect(await sandbox.exists("src")).toBe(false);
        await expectCode(sandbox.rm("missing"), "ENOENT");
        await expectCode(sandbox.rm(""), "EINVAL");
      });

      it("renames files and folders, creating the target's parents, never overwriting", async () => {
        await sandbox.rename("hello.txt", "moved/here/hello.txt");
        expect(text(await sandbox.readFile("moved/here/hello.txt"))).toBe("hello\n");
        expect(await sandbox.exists("hello.txt")).toBe(false);
        await sandbox.rename("src", "source");
        expect(text(await sandbox.readFile("source/lib/util.ts"))).toBe("export {};\n");
        expect(await sandbox.exists("src")).toBe(false);
        await expectCode(sandbox.rename("missing", "x"), "ENOENT");
        await expectCode(sandbox.rename("source/index.ts", "moved/here/hello.txt"), "EEXIST");
        await expectCode(sandbox.rename("source", "source/inside"), "EINVAL");
      });

      const badPaths = ["../x", "a/../../x", "/etc/passwd", "a\u0000b"];
      const verbs: Array<[string, (s: Sandbox, p: string) => Promise<unknown>]> = [
        ["readFile", (s, p) => s.readFile(p)],
        ["writeFile", (s, p) => s.writeFile(p, "x")],
        ["readdir", (s, p) => s.readdir(p)],
        ["stat", (s, p) => s.stat(p)],
        ["exists", (s, p) => s.exists(p)],
        ["mkdir", (s, p) => s.mkdir(p)],
        ["rm", (s, p) => s.rm(p, { recursive: true })],
        ["rename from", (s, p) => s.rename(p, "ok.txt")],
        ["rename to", (s, p) => s.rename("hello.txt", p)],
        ["exec cwd", (s, p) => s.exec("echo hi", { cwd: p })],
      ];
      it.each(verbs.flatMap(([verb, call]) => badPaths.map((path) => [verb, JSON.stringify(path), call, path] as const)))(
        "%s rejects %s with EINVAL",
        async (_verb, _shown, call, path) => {
          await expectCode(call(sandbox, path), "EINVAL");
        },
      );
    });

    describe("exec", () => {
      it("returns stdout, exit code 0, duration and no truncation", async () => {
        const result = await sandbox.exec("echo hello");
        expect(result).toMatchObject({ exitCode: 0, stdout: "hello\n", truncated: false });
        if (!mergesStderr) expect(result.stderr).toBe("");
        expect(result.durationMs).toBeGreaterThanOrEqual(0);
      });

      it("separates stderr", async () => {
        const result = await sandbox.exec("echo oops 1>&2; echo fine");
        if (mergesStderr) expect(result.stdout + result.stderr).toMatch(/oops\n[^]*fine\n|fine\n[^]*oops\n/);
        else expect(result).toMatchObject({ stdout: "fine\n", stderr: "oops\n" });
      });

      it("resolves non-zero exits instead of rejecting", async () => {
        expect((await sandbox.exec("exit 3")).exitCode).toBe(3);
        const failed = await sandbox.exec("cat does-not-exist.txt");
        expect(failed.exitCode).not.toBe(0);
        expect(failed.stdout + failed.stderr).toMatch(/does-not-exist\.txt/);
      });

      it("sees the files the sandbox holds, and its writes are visible to readFile", async () => {
        await sandbox.writeFile("note.txt", "from writeFile");
        expect((await sandbox.exec("cat note.txt")).stdout).toBe("from writeFile");
        await sandbox.exec("echo from-command > made.txt");
        expect(text(await sandbox.readFile("made.txt"))).toBe("from-command\n");
      });

      it("runs node scripts", async () => {
        expect((await sandbox.exec(`node -e "console.log(['a', 'b'].join('-'))"`)).stdout).toBe("a-b\n");
      });

      it("runs in cwd", async () => {
        const listing = await sandbox.exec("ls", { cwd: "src" });
        expect(listing.stdout.split(/\s+/)).toEqual(expect.arrayContaining(["index.ts", "lib"]));
        expect((await sandbox.exec("cat util.ts", { cwd: "src/lib" })).stdout).toBe("export {};\n");
        await expectCode(sandbox.exec("ls", { cwd: "missing" }), "ENOENT");
      });

      it("passes env", async () => {
        expect((await sandbox.exec('echo "$GREETING"', { env: { GREETING: "hi there" } })).stdout).toBe("hi there\n");
        // The exec's variables are the script's environment: programs it starts see them, with its later values.
        const fromNode = await sandbox.exec(`node -e "process.stdout.write(process.env.GREETING)"`, { env: { GREETING: "to a child" } });
        expect(fromNode.stdout).toBe("to a child");
        const changed = await sandbox.exec(`GREETING=changed; node -e "process.stdout.write(process.env.GREETING)"`, { env: { GREETING: "before" } });
        expect(changed.stdout).toBe("changed");
      });

      // Every backend takes stdin (the agent's run_command passes answers for prompts through it).
      it("feeds stdin", async () => {
        const stdin = "it's 'quoted' \"twice\"\nline two $HOME\n";
        expect((await sandbox.exec("cat", { stdin })).stdout).toBe(stdin);
      });

      it("feeds stdin to a program, which sees it end", async () => {
        const upper = `node -e "let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => process.stdout.write(s.toUpperCase() + '|end'))"`;
        const result = await sandbox.exec(upper, { stdin: "yes\nno\n", timeoutMs: 5000 });
        expect(result).toMatchObject({ exitCode: 0, stdout: "YES\nNO\n|end" });
      });

      it("gives a command reading stdin an empty, ended input when none is passed (it does not wait for the deadline)", async () => {
        const result = await sandbox.exec("cat", { timeoutMs: 5000 });
        expect(result).toMatchObject({ exitCode: 0, stdout: "" });
      });

      it("streams output as it is produced", async () => {
        const chunks: Array<{ at: number; text: string }> = [];
        const result = await sandbox.exec(`echo first; node -e "setTimeout(() => console.log('second'), 500)"`, {
          onStdout: (chunk) => chunks.push({ at: Date.now(), text: chunk }),
        });
        const done = Date.now();
        expect(chunks.map((c) => c.text).join("")).toBe(result.stdout);
        expect(result.stdout).toBe("first\nsecond\n");
        const first = chunks.find((c) => c.text.includes("first"));
        expect(first && done - first.at).toBeGreaterThanOrEqual(300);
      });

      it("streams stderr through onStderr", async () => {
        const seen: string[] = [];
        const result = await sandbox.exec("echo warn 1>&2", { onStdout: (c) => seen.push(c), onStderr: (c) => seen.push(c) });
        expect(seen.join("")).toBe(result.stdout + result.stderr);
        expect(seen.join("")).toContain("warn");
      });

      it("kills a command at its timeout with exit code 124", async () => {
        const started = Date.now();
        const ticking = await sandbox.exec(`node -e "setInterval(() => {}, 1000)"`, { timeoutMs: 300 });
        expect(ticking.exitCode).toBe(124);
        const sleeping = await sandbox.exec(waitLong, { timeoutMs: 300 });
        expect(sleeping.exitCode).toBe(124);
        expect(Date.now() - started).toBeLessThan(600 + 2 * killBoundMs);
        expect((await sandbox.exec("echo still-alive")).stdout).toBe("still-alive\n");
      });

      it("applies the default command timeout from the limits", async () => {
        const started = Date.now();
        const result = await sandbox.exec(waitLong);
        expect(result.exitCode).toBe(124);
        expect(Date.now() - started).toBeLessThan(contractSetup.limits.commandTimeoutMs + killBoundMs);
      }, 20_000);

      it("kills a command on abort with exit code 130", async () => {
        const controller = new AbortController();
        const started = Date.now();
        setTimeout(() => controller.abort(), 200);
        const result = await sandbox.exec(waitLong, { signal: controller.signal });
        expect(result.exitCode).toBe(130);
        expect(Date.now() - started).toBeLessThan(200 + killBoundMs);
        expect((await sandbox.exec("exit 0", { signal: AbortSignal.abort() })).exitCode).toBe(130);
      });

      it("caps output, flags truncation and ends with a marker", async () => {
        const streamed: string[] = [];
        // Long lines, so even a slow backend on a loaded machine passes the cap well before the deadline.
        const line = "0123456789abcdefghijklmnopqrstuvwxyz".repeat(8);
        const result = await sandbox.exec(`node -e "setInterval(() => { for (let i = 0; i < 20; i++) console.log('${line}') }, 1)"`, {
          timeoutMs: 3000,
          onStdout: (chunk) => streamed.push(chunk),
        });
        expect(result.truncated).toBe(true);
        expect(result.exitCode).toBe(124);
        expect(result.stdout.length).toBeGreaterThan(contractSetup.limits.outputBytes / 2);
        expect(result.stdout.length).toBeLessThan(contractSetup.limits.outputBytes + 512);
        expect(result.stdout).toMatch(/truncated[^\n]*\n?$/);
        expect(streamed.join("")).toBe(result.stdout);
      });
    });

    describe("events", () => {
      it("reports files created, changed and deleted through the verbs", async () => {
        await sandbox.writeFile("watched.txt", "one");
        await fileEvent("watched.txt", ["created", "changed"]);
        events.length = 0;
        await sandbox.writeFile("watched.txt", "two");
        await fileEvent("watched.txt", ["changed", "created"]);
        await sandbox.rm("watched.txt");
        const deleted = await fileEvent("watched.txt", ["deleted"]);
        expect(deleted).toMatchObject({ type: "file", kind: "file" });
      });

      it("reports files that commands write", async () => {
        await sandbox.exec("echo x > by-command.txt");
        await fileEvent("by-command.txt", ["created", "changed"]);
      });

      it("leaves out dependencies, build output and caches", async () => {
        await sandbox.writeFile("node_modules/pkg/index.js", "x");
        await sandbox.writeFile("dist/out.js", "x");
        await sandbox.writeFile("src/.cache/c", "x");
        await sandbox.writeFile("after.txt", "marker");
        await fileEvent("after.txt", ["created", "changed"]);
        await new Promise((r) => setTimeout(r, 100));
        const leaked = events.filter((e) => e.type === "file" && /(^|\/)(node_modules|dist|\.cache)(\/|$)/.test(e.path));
        expect(leaked).toEqual([]);
      });

      it("stops delivering after unsubscribe", async () => {
        const late: SandboxEvent[] = [];
        const unsubscribe = sandbox.onEvent((e) => late.push(e));
        unsubscribe();
        await sandbox.writeFile("quiet.txt", "x");
        await fileEvent("quiet.txt", ["created", "changed"]);
        expect(late).toEqual([]);
      });
    });

    describe.runIf(supportsShell)("shell", () => {
      it("runs typed commands and exits", async () => {
        const shell = await sandbox.openShell({ cols: 80, rows: 24 });
        let output = "";
        shell.onData((data) => (output += data));
        shell.resize({ cols: 100, rows: 30 });
        // The output differs from the echoed keys, so seeing it proves the line ran.
        shell.write('echo A"mid"Z\r');
        await waitFor(() => (/AmidZ/.test(output) ? true : undefined), 5000, "the command's output in the shell");
        shell.write("exit\r");
        expect(typeof (await shell.exit)).toBe("number");
      });

      it("ends when killed", async () => {
        const shell = await sandbox.openShell({ cols: 80, rows: 24 });
        shell.kill();
        expect(typeof (await shell.exit)).toBe("number");
      });
    });

    describe("dispose", () => {
      it("reports disposed, then refuses every verb with EUNAVAILABLE", async () => {
        await sandbox.dispose();
        expect(sandbox.status()).toEqual({ state: "disposed" });
        expect(events).toContainEqual({ type: "status", status: { state: "disposed" } });
        await expectCode(sandbox.readFile("hello.txt"), "EUNAVAILABLE");
        await expectCode(sandbox.writeFile("x.txt", "x"), "EUNAVAILABLE");
        await expectCode(sandbox.readdir(""), "EUNAVAILABLE");
        await expectCode(sandbox.exec("echo hi"), "EUNAVAILABLE");
        await expectCode(sandbox.openShell({ cols: 80, rows: 24 }), "EUNAVAILABLE");
        await sandbox.dispose();
      });

      it("settles a command that is running when it is disposed", async () => {
        const running = sandbox.exec(waitLong).then(
          () => "resolved",
          () => "rejected",
        );
        await new Promise((r) => setTimeout(r, 100));
        await sandbox.dispose();
        const started = Date.now();
        await running;
        expect(Date.now() - started).toBeLessThan(killBoundMs);
      });
    });
  });
}
