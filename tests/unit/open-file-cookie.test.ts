import { afterEach, describe, expect, it, vi } from "vitest";
import { openFileCookieName, readOpenFileCookie, writeOpenFileCookie } from "@/lib/client/open-file-cookie";

// As the server's cookie parser hands it over: already URI-decoded.
const value = (data: unknown) => JSON.stringify(data);

/** The cookies `writeOpenFileCookie` sets, in order, as the browser receives them. */
function written(args: Parameters<typeof writeOpenFileCookie>[0], { held = "" }: { held?: string } = {}): string[] {
  const set: string[] = [];
  vi.stubGlobal("location", { protocol: "http:" });
  vi.stubGlobal("document", {
    get cookie() {
      return held;
    },
    set cookie(cookie: string) {
      set.push(cookie);
    },
  });
  writeOpenFileCookie(args);
  return set;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the open-file cookie", () => {
  it("gives the path only to the person who left it, in the project they left it in", () => {
    const kept = value({ u: "u1", p: "p1", f: "src/app.ts" });
    expect(readOpenFileCookie({ value: kept, userId: "u1", projectId: "p1" })).toBe("src/app.ts");
    expect(readOpenFileCookie({ value: kept, userId: "u2", projectId: "p1" })).toBeNull();
    expect(readOpenFileCookie({ value: kept, userId: "u1", projectId: "p2" })).toBeNull();
  });

  it("reads a path with a percent sign as it was written", () => {
    const cookie = written({ userId: "u1", projectId: "p1", path: "docs/100% done.md" })[0]!;
    const raw = cookie.slice(cookie.indexOf("=") + 1, cookie.indexOf(";"));
    expect(readOpenFileCookie({ value: decodeURIComponent(raw), userId: "u1", projectId: "p1" })).toBe("docs/100% done.md");
  });

  it("reads nothing from a missing, garbled or hostile cookie", () => {
    for (const bad of [undefined, "", "%", "not json", value({ u: "u1", p: "p1" }), value({ u: "u1", p: "p1", f: "../etc/passwd" }), value({ u: "u1", p: "p1", f: "/abs" })]) {
      expect(readOpenFileCookie({ value: bad, userId: "u1", projectId: "p1" })).toBeNull();
    }
  });

  it("keeps one cookie per project, sent only with that project's page, and clears the old site-wide one", () => {
    const [cookie = "", ...rest] = written({ userId: "u1", projectId: "cmabc123", path: "src/app.ts" }, { held: "ide-open-file.cmabc123=x" });
    expect(cookie.startsWith(`${openFileCookieName("cmabc123")}=`)).toBe(true);
    expect(cookie).toContain("; path=/projects/cmabc123;");
    expect(cookie).toMatch(/max-age=[1-9]/);
    expect(rest).toEqual([]);
    const [, legacy] = written({ userId: "u1", projectId: "cmabc123", path: "src/app.ts" }, { held: "theme=dark; ide-open-file=%7B%7D" });
    expect(legacy).toBe("ide-open-file=; path=/; max-age=0; samesite=lax");
  });

  it("forgets the project's file when none is open, or the path is too long to keep", () => {
    expect(written({ userId: "u1", projectId: "p1", path: null })[0]).toMatch(/^ide-open-file\.p1=; path=\/projects\/p1; max-age=0;/);
    expect(written({ userId: "u1", projectId: "p1", path: `${"a/".repeat(1_600)}b.ts` })[0]).toContain("max-age=0");
  });

  it("writes nothing for a project id that could not name a cookie", () => {
    expect(written({ userId: "u1", projectId: "p1; path=/", path: "src/app.ts" })).toEqual([]);
  });
});
