import { describe, expect, it } from "vitest";
import { fuzzyFilter, fuzzyMatch } from "@/lib/client/fuzzy-match";

describe("fuzzyMatch", () => {
  it.each<[string, string, boolean]>([
    ["", "anything.ts", true],
    ["page", "src/app/page.tsx", true],
    ["sap", "src/app/page.tsx", true],
    ["SAP", "src/app/page.tsx", true],
    ["app page", "src/app/page.tsx", true],
    ["pagez", "src/app/page.tsx", false],
    ["ppa", "src/app/page.tsx", true],
    ["ppaa", "src/app/page.tsx", false],
    ["zz", "src/app/page.tsx", false],
    ["ts.app", "src/app/page.tsx", false],
  ])("%j against %j matches: %s", (query, candidate, matches) => {
    expect(fuzzyMatch({ query, candidate }) !== null).toBe(matches);
  });

  it("reports the matched positions in order", () => {
    const match = fuzzyMatch({ query: "btn", candidate: "components/button.tsx" });
    expect(match?.positions.map((i) => "components/button.tsx"[i]).join("")).toBe("btn");
    expect(match?.positions).toEqual([...(match?.positions ?? [])].sort((a, b) => a - b));
  });
});

describe("fuzzyFilter ranking", () => {
  it.each<[string, string[], string]>([
    ["cb", ["lib/cube.ts", "components/button.tsx"], "components/button.tsx"],
    ["button", ["lib/b/u/t/t/o/n.ts", "components/button.tsx"], "components/button.tsx"],
    ["page", ["src/pages-old/index.ts", "src/app/page.tsx"], "src/app/page.tsx"],
    ["index", ["src/lib/index-helpers/util.ts", "src/index.ts"], "src/index.ts"],
    ["uB", ["src/ub.ts", "src/useBoard.ts"], "src/ub.ts"],
    ["layout", ["app/(ide)/layout.tsx", "app/layout.tsx"], "app/layout.tsx"],
  ])("%j ranks %j with the best first", (query, items, best) => {
    expect(fuzzyFilter({ query, items })[0]?.item).toBe(best);
  });

  it("keeps the original order for an empty query and honours the limit", () => {
    const items = ["c.ts", "a.ts", "b.ts"];
    expect(fuzzyFilter({ query: "", items }).map((r) => r.item)).toEqual(items);
    expect(fuzzyFilter({ query: "", items, limit: 2 })).toHaveLength(2);
  });

  it("drops what does not match", () => {
    expect(fuzzyFilter({ query: "xyz", items: ["a.ts", "x/y/z.ts"] }).map((r) => r.item)).toEqual(["x/y/z.ts"]);
  });
});
