import { describe, expect, it } from "vitest";
import { readOpenFileCookie } from "@/lib/client/open-file-cookie";

const value = (data: unknown) => encodeURIComponent(JSON.stringify(data));

describe("the open-file cookie", () => {
  it("gives the path only to the person who left it, in the project they left it in", () => {
    const kept = value({ u: "u1", p: "p1", f: "src/app.ts" });
    expect(readOpenFileCookie({ value: kept, userId: "u1", projectId: "p1" })).toBe("src/app.ts");
    expect(readOpenFileCookie({ value: kept, userId: "u2", projectId: "p1" })).toBeNull();
    expect(readOpenFileCookie({ value: kept, userId: "u1", projectId: "p2" })).toBeNull();
  });

  it("reads nothing from a missing, garbled or hostile cookie", () => {
    for (const bad of [undefined, "", "%", "not json", value({ u: "u1", p: "p1" }), value({ u: "u1", p: "p1", f: "../etc/passwd" }), value({ u: "u1", p: "p1", f: "/abs" })]) {
      expect(readOpenFileCookie({ value: bad, userId: "u1", projectId: "p1" })).toBeNull();
    }
  });
});
