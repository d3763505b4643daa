import { createHash } from "node:crypto";

/** Git's own object model (SHA-1 over "<type> <size>\0" + body), as `git fsck` checks it. */
export type GitObjectType = "commit" | "tree" | "blob" | "tag";
export type GitObject = { type: GitObjectType; data: Uint8Array };
export type GitTreeEntry = { mode: string; name: string; sha: string };
export type GitPerson = { name: string; email: string; seconds: number; tz: string };
export type GitCommit = { tree: string; parents: string[]; author: GitPerson; committer: GitPerson; message: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function gitSha({ type, data }: GitObject): string {
  return createHash("sha1").update(`${type} ${data.byteLength}\0`).update(data).digest("hex");
}

// Git sorts a tree's entries by name bytes, a folder's name compared as if it ended in "/".
const sortKey = (e: GitTreeEntry) => (e.mode === "40000" ? `${e.name}/` : e.name);

export function encodeGitTree(entries: GitTreeEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(sortKey(a)), Buffer.from(sortKey(b))));
  const parts: Buffer[] = [];
  for (const e of sorted) parts.push(Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.sha, "hex"));
  return Buffer.concat(parts);
}

export function decodeGitTree(data: Uint8Array): GitTreeEntry[] {
  const out: GitTreeEntry[] = [];
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  while (at < buf.length) {
    const space = buf.indexOf(0x20, at);
    const nul = buf.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 21 > buf.length) throw new Error("corrupt tree");
    out.push({ mode: buf.toString("latin1", at, space), name: buf.toString("utf8", space + 1, nul), sha: buf.toString("hex", nul + 1, nul + 21) });
    at = nul + 21;
  }
  return out;
}

// Names and emails may not hold the characters that delimit them in the header line.
const personText = (s: string) => s.replace(/[<>\n\0]/g, "").trim() || "unknown";
const person = (p: GitPerson) => `${personText(p.name)} <${personText(p.email)}> ${p.seconds} ${p.tz}`;

export function encodeGitCommit(c: GitCommit): Uint8Array {
  const header = [`tree ${c.tree}`, ...c.parents.map((p) => `parent ${p}`), `author ${person(c.author)}`, `committer ${person(c.committer)}`];
  const message = c.message.replace(/\0/g, "").trimEnd();
  return encoder.encode(`${header.join("\n")}\n\n${message}\n`);
}

const personPattern = /^(.*?) ?<([^>]*)> (\d+) ([+-]\d{4})$/;

export function decodeGitCommit(data: Uint8Array): GitCommit {
  const text = decoder.decode(data);
  const split = text.indexOf("\n\n");
  const headerText = split < 0 ? text : text.slice(0, split);
  const message = split < 0 ? "" : text.slice(split + 2);
  let tree = "";
  const parents: string[] = [];
  let author: GitPerson | undefined;
  let committer: GitPerson | undefined;
  for (const line of headerText.split("\n")) {
    const space = line.indexOf(" ");
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === "tree") tree = value;
    else if (key === "parent") parents.push(value);
    else if (key === "author" || key === "committer") {
      const m = personPattern.exec(value);
      const p = m ? { name: m[1]!, email: m[2]!, seconds: Number(m[3]), tz: m[4]! } : { name: value, email: "", seconds: 0, tz: "+0000" };
      if (key === "author") author = p;
      else committer = p;
    }
  }
  if (!/^[0-9a-f]{40}$/.test(tree) || !author) throw new Error("corrupt commit");
  return { tree, parents, author, committer: committer ?? author, message };
}
