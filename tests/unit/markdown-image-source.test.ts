import { describe, expect, it } from "vitest";
import { markdownImageSource, type MarkdownImageSource } from "@/lib/client/markdown-image-source";

const project = (path: string): MarkdownImageSource => ({ kind: "project", path });
const refused = (reason: string | RegExp) => ({ kind: "refused", reason: expect.stringMatching(reason) });

describe("markdownImageSource", () => {
  it.each<[string, string, string, unknown]>([
    ["beside a top-level README", "README.md", "img/logo.png", project("img/logo.png")],
    ["with ./", "README.md", "./img/logo.png", project("img/logo.png")],
    ["from the root with /", "docs/guide/intro.md", "/img/logo.png", project("img/logo.png")],
    ["relative to the document's folder", "docs/guide/intro.md", "shot.png", project("docs/guide/shot.png")],
    ["up one folder", "docs/guide/intro.md", "../assets/a.png", project("docs/assets/a.png")],
    ["up to the root exactly", "docs/guide/intro.md", "../../logo.png", project("logo.png")],
    ["%-encoded as react-markdown passes it", "README.md", "my%20logo%C3%A9.png", project("my logoé.png")],
    ["a query and fragment dropped", "README.md", "logo.png?raw=true#top", project("logo.png")],
    ["doubled slashes and dots", "docs/a.md", ".//img/./b.png", project("docs/img/b.png")],
    ["http", "README.md", "http://example.com/a.png", { kind: "remote", url: "http://example.com/a.png" }],
    ["https, any case", "README.md", "HTTPS://example.com/a.png", { kind: "remote", url: "HTTPS://example.com/a.png" }],
    ["protocol-relative", "README.md", "//example.com/a.png", { kind: "remote", url: "https://example.com/a.png" }],
    ["past the root from a folder", "docs/a.md", "../../etc/passwd", refused(/outside the project/)],
    ["past the root from the root", "README.md", "../logo.png", refused(/outside the project/)],
    ["past the root and back in", "docs/a.md", "../../docs/logo.png", refused(/outside the project/)],
    ["past the root from /", "docs/a.md", "/../logo.png", refused(/outside the project/)],
    ["encoded dots climb too", "README.md", "%2e%2e/logo.png", refused(/outside the project/)],
    ["a data: URL", "README.md", "data:image/png;base64,AAAA", refused(/not data: addresses/)],
    ["a file: URL", "README.md", "file:///etc/passwd", refused(/not file: addresses/)],
    ["javascript:", "README.md", "javascript:alert(1)", refused(/not javascript: addresses/)],
    ["empty", "README.md", "  ", refused(/names no file/)],
    ["a folder", "docs/a.md", "./", refused(/names a folder/)],
    ["a folder by ..", "docs/a/b.md", "..", refused(/names a folder/)],
    ["a broken escape", "README.md", "a%zz.png", refused(/broken %-escape/)],
    ["a backslash", "README.md", "img\\logo.png", refused(/.+/)],
  ])("%s", (_, documentPath, src, expected) => {
    expect(markdownImageSource({ documentPath, src })).toEqual(expected);
  });
});
