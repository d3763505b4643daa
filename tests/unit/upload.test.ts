import { describe, expect, it } from "vitest";
import { planUpload } from "@/lib/client/upload";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("planUpload", () => {
  it.each<[string, string, { relativePath: string; bytes: Uint8Array }[], string[], unknown[]]>([
    ["a text file at the root", "", [{ relativePath: "a.txt", bytes: utf8("hi") }], [], [{ type: "write", path: "a.txt", content: "hi", encoding: "utf8" }]],
    [
      "a folder into a folder",
      "src",
      [{ relativePath: "assets/logo.png", bytes: new Uint8Array([0x89, 0x50, 0x00]) }],
      ["assets/empty"],
      [
        { type: "write", path: "src/assets/logo.png", content: "iVAA", encoding: "base64" },
        { type: "mkdir", path: "src/assets/empty" },
      ],
    ],
    ["a UTF-8 file with a byte-order mark, kept byte for byte", "", [{ relativePath: "bom.txt", bytes: new Uint8Array([0xef, 0xbb, 0xbf, 0x41]) }], [], [{ type: "write", path: "bom.txt", content: "77u/QQ==", encoding: "base64" }]],
  ])("%s", (_name, targetDir, files, emptyDirs, changes) => {
    expect(planUpload({ targetDir, files, emptyDirs })).toEqual({ changes, errors: [] });
  });

  it("reports files with unusable names and keeps the rest", () => {
    const plan = planUpload({
      targetDir: "",
      files: [
        { relativePath: "ok.txt", bytes: utf8("1") },
        { relativePath: "bad\\name.txt", bytes: utf8("2") },
      ],
      emptyDirs: [],
    });
    expect(plan.changes).toHaveLength(1);
    expect(plan.errors).toEqual([expect.stringMatching(/bad\\name.txt: .*backslash/)]);
  });

  it("uploads a name spelled in NFD (as macOS hands it over) under its NFC name, and names a spoofing character", () => {
    const plan = planUpload({
      targetDir: "",
      files: [
        { relativePath: "cafe\u0301.txt", bytes: utf8("1") },
        { relativePath: "invoice\u202egnp.exe", bytes: utf8("2") },
      ],
      emptyDirs: [],
    });
    expect(plan.changes).toEqual([{ type: "write", path: "caf\u00e9.txt", content: "1", encoding: "utf8" }]);
    expect(plan.errors).toEqual([expect.stringContaining("U+202E RIGHT-TO-LEFT OVERRIDE (an invisible formatting character) is not allowed in file names")]);
  });

  it("refuses a file over the size limit", () => {
    const plan = planUpload({ targetDir: "", files: [{ relativePath: "big.bin", bytes: new Uint8Array(10 * 1024 * 1024 + 1) }], emptyDirs: [] });
    expect(plan.changes).toEqual([]);
    expect(plan.errors).toEqual([expect.stringMatching(/big.bin: larger than the 10 MB limit/)]);
  });
});
