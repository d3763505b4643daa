import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BoxSandbox } from "@/lib/sandbox/box/host";
import { boxFactory } from "@/tests/fixtures/box-helpers";

// Nothing about the machine the box runs on may be visible inside it: no path of the server's
// install, no variable of its environment. Each command below asks the box about itself in
// another way; none of their output may name the host.
const marker = "host-only-value-5c1e";
const hostPaths = [process.cwd(), os.homedir(), "node_modules", "/work", "/root", "runtime.mjs", "worker.js", ".cache/box"];

const boxes = boxFactory();
let box: BoxSandbox;
beforeAll(async () => {
  // Set before the box starts: if the host's environment reached the box, this would too.
  process.env.BOX_HOST_MARKER = marker;
  box = await boxes.start({
    files: [
      { path: "boom.js", kind: "file", content: "function boom() { throw new Error('kaboom') }\nboom();\n" },
      { path: "where.py", kind: "file", content: "import sys, os\nprint(__file__, sys.argv, os.getcwd())\nraise ValueError('bad')\n" },
    ],
  });
});
afterAll(async () => {
  delete process.env.BOX_HOST_MARKER;
  await boxes.close();
});

describe("the box shows nothing of its host", () => {
  it.each([
    ["python os.environ", `python3 -c "import os; print(dict(os.environ))"`],
    ["python interpreter paths", `python3 -c "import sys, os; print(sys.executable, sys._base_executable, sys.prefix, sys.exec_prefix, sys.path, sys.argv, sys.orig_argv, os.getcwd())"`],
    ["python script, argv and traceback", "python3 where.py one two"],
    ["python sys.argv", `python3 -c "import sys; print(sys.argv)"`],
    ["python stdlib tracebacks", `python3 -c "import json; json.loads('{')"`],
    ["python /proc and /", `python3 -c "import os; print(os.listdir('/'), os.listdir('/proc'), os.listdir('/proc/self'))"`],
    ["python platform", `python3 -c "import platform, os; print(platform.platform(), platform.node(), os.uname(), platform.python_build())"`],
    ["node process", `node -e "console.log(JSON.stringify({ env: process.env, argv: process.argv, execPath: process.execPath, cwd: process.cwd(), file: __filename, title: process.title, versions: process.versions, release: process.release, config: process.config, paths: module.paths }))"`],
    ["node error stack", "node boom.js"],
    ["node host-bridged error", `node -e "try { require('fs').readFileSync('/nope') } catch (e) { console.log(e.message, e.stack) } require('./missing')"`],
    ["node os module", `node -e "const os = require('os'); console.log(os.homedir(), os.tmpdir(), os.hostname(), JSON.stringify(os.userInfo()))"`],
    ["shell env", "env; set; echo $_ $0 ~ $HOME $PWD"],
    ["shell /proc", "ls / /proc; cat /proc/self/environ /proc/self/cmdline /proc/version 2>&1; pwd; which node python3 sqlite3"],
    ["sqlite database list", `sqlite3 db.sqlite "pragma database_list;"`],
    ["a command that does not exist", "no-such-command --flag"],
  ])("%s", async (_name, command) => {
    const { stdout, stderr } = await box.exec(command, { timeoutMs: 20_000 });
    const output = stdout + stderr;
    expect(output.length).toBeGreaterThan(0);
    for (const hostPath of hostPaths) expect(output).not.toContain(hostPath);
    expect(output).not.toContain(marker);
    expect(output).not.toContain("BOX_HOST_MARKER");
  });
});
