import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BoxSandbox } from "@/lib/sandbox/box/host";
import { boxFactory } from "@/tests/fixtures/box-helpers";

// Every way a string or bytes cross between a `node` program and the box's host: U+0000, lone
// surrogates and astral characters arrive as real Node would have them, and a path holding U+0000
// is refused rather than cut short. Expectations are what Node 20 prints for the same program.
const boxes = boxFactory();
let box: BoxSandbox;

const header = "const fs = require('fs'); const out = (v) => console.log(JSON.stringify(v));\n";
const raw = "a\u0000b";
beforeAll(async () => {
  box = await boxes.start({
    files: [
      { path: "seeded.bin", kind: "file", content: new Uint8Array([97, 0, 98, 0xe2, 0x82, 0xac]) },
      { path: "nulmod.js", kind: "file", content: `module.exports = "${raw}";` },
      { path: "nulmod.mjs", kind: "file", content: `export default "${raw}";` },
      { path: "nul-dir", kind: "dir" },
    ],
  });
});
afterAll(() => boxes.close());

type Case = {
  name: string;
  /** A program written to a file and run with `node`, or a shell command when `command` is set. */
  script?: string;
  command?: string;
  stdout: string;
  stderr?: RegExp;
  exitCode?: number;
  /** Files the program leaves behind, as the host reads them. */
  files?: Record<string, number[]>;
};

const cases: Case[] = [
  {
    name: "fs.writeFileSync of a string with U+0000, read back as text and bytes",
    script: "fs.writeFileSync('w1', 'a\\0b\\0'); out([fs.readFileSync('w1', 'utf8'), [...fs.readFileSync('w1')]])",
    stdout: '["a\\u0000b\\u0000",[97,0,98,0]]\n',
    files: { w1: [97, 0, 98, 0] },
  },
  {
    name: "fs.writeFileSync of a Buffer with zero bytes",
    script: "fs.writeFileSync('w2', Buffer.from([0, 97, 0, 255, 0])); out([...fs.readFileSync('w2')])",
    stdout: "[0,97,0,255,0]\n",
    files: { w2: [0, 97, 0, 255, 0] },
  },
  {
    name: "fs.appendFileSync and flag 'a' with U+0000",
    script:
      "fs.writeFileSync('w3', 'a\\0'); fs.appendFileSync('w3', '\\0b'); fs.appendFileSync('w3', Buffer.from([0])); fs.writeFileSync('w3', '\\0', { flag: 'a' }); out(fs.readFileSync('w3', 'utf8'))",
    stdout: '"a\\u0000\\u0000b\\u0000\\u0000"\n',
    files: { w3: [97, 0, 0, 98, 0, 0] },
  },
  {
    name: "fs.promises.writeFile and readFile with U+0000 and astral characters",
    script: "fs.promises.writeFile('w4', '\\0😀\\0').then(() => fs.promises.readFile('w4', 'utf8')).then(out)",
    stdout: '"\\u0000😀\\u0000"\n',
    files: { w4: [0, 240, 159, 152, 128, 0] },
  },
  {
    name: "fs.readFileSync of a file holding zero bytes, in several encodings",
    script: "out(['utf8', 'latin1', 'hex', 'base64', 'utf16le'].map((e) => fs.readFileSync('seeded.bin', e)))",
    stdout: `${JSON.stringify(["a\0b€", "a\0b\u00e2\u0082\u00ac", "610062e282ac", "YQBi4oKs", "a\ue262\uac82"])}\n`,
  },
  {
    name: "Buffer.from and toString with U+0000",
    script:
      "const b = Buffer.from('a\\0b😀'); out([b.length, b.toString(), b.toString('latin1'), Buffer.from('a\\0b', 'latin1').toString('hex'), Buffer.from('00610062', 'hex').toString(), Buffer.from('a\\0b').toString('base64'), Buffer.from('YQBi', 'base64').toString(), Buffer.from('a\\0b', 'utf16le').toString('utf16le'), Buffer.from([97, 0, 98]).toString(), Buffer.byteLength('\\0\\0')])",
    stdout: `${JSON.stringify([7, "a\0b😀", "a\0b\u00f0\u009f\u0098\u0080", "610062", "\0a\0b", "YQBi", "a\0b", "a\0b", "a\0b", 2])}\n`,
  },
  {
    name: "Buffer with lone surrogates: UTF-8 replaces them, UTF-16 keeps them",
    script: "out([[...Buffer.from('x\\ud800y')], Buffer.from('\\udc00\\ud800', 'utf16le').toString('utf16le') === '\\udc00\\ud800'])",
    stdout: "[[120,239,191,189,121],true]\n",
  },
  {
    name: "TextEncoder and TextDecoder with U+0000, astral characters and a lone surrogate",
    script:
      "out([[...new TextEncoder().encode('a\\0b😀\\ud800')], new TextDecoder().decode(new Uint8Array([97, 0, 98, 240, 159, 152, 128])), new TextDecoder().decode(new Uint8Array([0, 255]))])",
    stdout: '[[97,0,98,240,159,152,128,239,191,189],"a\\u0000b😀","\\u0000�"]\n',
  },
  {
    name: "JSON.stringify through a file and back keeps U+0000 and lone surrogates",
    script: "const s = 'a\\0b\\ud800😀'; fs.writeFileSync('w5.json', JSON.stringify({ s })); out(JSON.parse(fs.readFileSync('w5.json', 'utf8')).s === s)",
    stdout: "true\n",
  },
  {
    name: "process.stdout.write and fs.writeFileSync(1) of U+0000, strings and Buffers",
    script: "process.stdout.write('a\\0b'); process.stdout.write(Buffer.from([0, 99])); fs.writeFileSync(1, '\\0d');",
    stdout: "a\u0000b\u0000c\u0000d",
  },
  {
    name: "console.log and console.error with U+0000, astral characters and a lone surrogate",
    script: "console.log('a\\0b', '😀', 'x\\ud800'); console.error('e\\0f')",
    stdout: "a\u0000b 😀 x\uFFFD\n",
    stderr: /^e\u0000f\n$/,
  },
  {
    name: "an uncaught error whose message holds U+0000",
    script: "throw new Error('bad\\0thing')",
    stdout: "",
    stderr: /Error: bad\u0000thing/,
    exitCode: 1,
  },
  {
    name: "require of a CommonJS file with U+0000 in a string literal",
    script: "out(require('./nulmod.js'))",
    stdout: '"a\\u0000b"\n',
  },
  {
    name: "import of an ES module with U+0000 in a string literal",
    script: "import('./nulmod.mjs').then((m) => out(m.default))",
    stdout: '"a\\u0000b"\n',
  },
  {
    name: "stdin with zero bytes",
    command: "printf 'a\\000b' | node -e \"console.log(JSON.stringify([...require('fs').readFileSync(0)]))\"",
    stdout: "[97,0,98]\n",
  },
  {
    // Its stdout cannot carry U+0000 (README: Limitations); its files can.
    name: "python3 writes zero bytes to a file whole",
    command: `python3 -c "open('py.bin', 'wb').write(b'a\\x00b\\x00')"`,
    stdout: "",
    files: { "py.bin": [97, 0, 98, 0] },
  },
  {
    name: "a path holding U+0000 is refused, not cut short",
    script: [
      "const codes = [];",
      "for (const f of [() => fs.writeFileSync('nul-dir/x\\0y', 'z'), () => fs.appendFileSync('nul-dir/x\\0y', 'z'), () => fs.readFileSync('nul-dir/x\\0y'), () => fs.readFileSync('nul-dir/x\\0y', 'utf8'), () => fs.mkdirSync('nul-dir/d\\0'), () => fs.statSync('nul-dir/x\\0y'), () => fs.renameSync('seeded.bin', 'nul-dir/x\\0y'), () => fs.symlinkSync('x\\0y', 'nul-dir/l')])",
      "  try { f(); codes.push('ok'); } catch (e) { codes.push(e.code); }",
      "let message; try { fs.writeFileSync('nul-dir/x\\0y', 'z'); } catch (e) { message = `${e.name}: ${e.message}`; }",
      "fs.promises.readFile('nul-dir/x\\0y').catch((e) => out([codes, message, e.code, fs.existsSync('nul-dir/x\\0y'), fs.readdirSync('nul-dir'), fs.readFileSync('seeded.bin').length]));",
    ].join("\n"),
    stdout: `${JSON.stringify([
      Array(8).fill("ERR_INVALID_ARG_VALUE"),
      "TypeError: The argument 'path' must be a string, Uint8Array, or URL without null bytes. Received 'nul-dir/x\\x00y'",
      "ERR_INVALID_ARG_VALUE",
      false,
      [],
      6,
    ])}\n`,
  },
];

describe.concurrent("strings and bytes cross the box's QuickJS boundary whole", () => {
  it.each(cases.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    let command = c.command;
    if (!command) {
      await box.writeFile(`t${i}.js`, header + c.script);
      command = `node t${i}.js`;
    }
    const result = await box.exec(command);
    expect({ exitCode: result.exitCode, stdout: result.stdout }).toEqual({ exitCode: c.exitCode ?? 0, stdout: c.stdout });
    if (c.stderr) expect(result.stderr).toMatch(c.stderr);
    else expect(result.stderr).toBe("");
    for (const [path, bytes] of Object.entries(c.files ?? {})) expect([...(await box.readFile(path))]).toEqual(bytes);
  });
});
