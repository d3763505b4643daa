import { test } from "vitest";
import { createBoxSandbox } from "@/lib/sandbox/box/host";

const files = [
  { path: "lib/math.js", kind: "file" as const, content: "exports.add = (a, b) => a + b;\nexports.name = __filename;" },
  { path: "lib/data.json", kind: "file" as const, content: '{"n": 7}' },
  { path: "main.js", kind: "file" as const, content: "const m = require('./lib/math'); const d = require('./lib/data.json'); console.log(m.add(2, 3), m.name, d.n, __dirname, process.argv.slice(2));" },
  { path: "esm/a.mjs", kind: "file" as const, content: "import { b, default as B } from './b.mjs'; import fs from 'node:fs'; import { readFileSync } from 'fs'; import cjs, { add } from '../lib/math.js'; console.log(b, B, typeof fs.readFileSync, typeof readFileSync, add(1,2), typeof cjs); await new Promise(r => setTimeout(r, 10)); console.log('tla done');" },
  { path: "esm/b.mjs", kind: "file" as const, content: "export const b = 'bee'; export default 'BEE';" },
  { path: "err.js", kind: "file" as const, content: "function boom() { throw new Error('kaboom'); }\nboom();" },
  { path: "fsops.js", kind: "file" as const, content: `const fs = require('fs'); const path = require('path');
fs.mkdirSync('out/deep', { recursive: true });
fs.writeFileSync('out/deep/a.txt', 'hello');
fs.appendFileSync('out/deep/a.txt', ' world');
console.log(fs.readFileSync('out/deep/a.txt', 'utf8'), fs.existsSync('out/deep/a.txt'), fs.existsSync('nope'));
console.log(fs.readdirSync('out'), fs.statSync('out/deep/a.txt').size, fs.statSync('out').isDirectory());
fs.renameSync('out/deep/a.txt', 'out/b.txt'); fs.unlinkSync('out/b.txt');
try { fs.readFileSync('missing.txt') } catch (e) { console.log(e.code, e.message) }
console.log(path.join('a', '..', 'b', 'c.js'), path.resolve('x'), path.extname('f.tar.gz'));
fs.promises.readFile('main.js', 'utf8').then(t => console.log('promise', t.length));
console.log(Buffer.from('héllo').toString('base64'), Buffer.from('aGk=', 'base64').toString());
` },
];

test("debug", async () => {
  const box = await createBoxSandbox({ files });
  for (const cmd of ["node main.js x y", "node esm/a.mjs", "node err.js", "node fsops.js", "echo 'console.log(42)' | node", "echo abc | node -e 'console.log(require(\"fs\").readFileSync(0, \"utf8\").trim().toUpperCase())'",
    "node -e 'setTimeout(() => console.log(2), 20); setTimeout(() => console.log(1), 10); let n = 0; const t = setInterval(() => { if (++n === 3) { clearInterval(t); console.log(\"iv\", n) } }, 5); process.on(\"exit\", (c) => console.log(\"exit\", c))'",
    "node -e 'process.exitCode = 3; console.log(\"x\")'", "node -e 'process.exit(5); console.log(\"never\")'", "node -e 'console.log({a:[1,2,{b:new Map([[1,2]])}], s: new Set([1]), e: new Error(\"e\").message, f(){}, d: new Date(0)})'",
    "node -e 'Promise.reject(new Error(\"unhandled\"))'", "node -p 'process.version + \" \" + typeof require + \" \" + process.cwd()'", "node --version", "node nope.js",
    "node -e 'const r = require(\"readline\").createInterface({input: process.stdin}); r.on(\"line\", l => console.log(\"L:\" + l)); r.on(\"close\", () => console.log(\"closed\"))' <<< $'a\\nb'",
  ]) {
    const r = await box.exec(cmd);
    console.log(JSON.stringify(cmd), r.exitCode, JSON.stringify(r.stdout), JSON.stringify(r.stderr));
  }
  await box.dispose();
}, 60000);
