import { describe, expect, it } from "vitest";
import { MemoryFs, runScript } from "@/lib/sandbox/memory";

const encode = (text: string) => new TextEncoder().encode(text);

async function run(script: string, { stdin = "", cwd = "", env = {} as Record<string, string>, fs = seeded() } = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runScript(script, {
    fs,
    rootPath: "/project",
    name: "sh",
    signal: new AbortController().signal,
    cwd,
    env,
    stdin,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr, fs };
}

function seeded() {
  const fs = new MemoryFs();
  fs.mkdir("src/lib", { recursive: true });
  fs.writeFile("src/a.txt", encode("A\n"));
  fs.writeFile(".hidden", encode(""));
  return fs;
}

describe("mini shell", () => {
  it.each([
    ["echo hello world", "hello world\n", 0],
    ["echo -n no newline", "no newline", 0],
    ["echo -e 'a\\tb'", "a\tb\n", 0],
    ["echo 'single $HOME' \"double $GREETING\" plain\\ space", "single $HOME double hi plain space\n", 0],
    ["echo a'b'\"c\"", "abc\n", 0],
    ["echo 'it'\\''s'", "it's\n", 0],
    ["echo ${GREETING}!", "hi!\n", 0],
    ["printf '%s=%d\\n' a 1 b 2", "a=1\nb=2\n", 0],
    ["printf '%5s|%-3s|%03d' x y 7", "    x|y  |007", 0],
    ["printf 'no args\\n'", "no args\n", 0],
    ["cat src/a.txt", "A\n", 0],
    ["ls", "src\n", 0],
    ["ls -a", ".hidden\nsrc\n", 0],
    ["ls src", "a.txt\nlib\n", 0],
    ["pwd", "/project\n", 0],
    ["cd src && pwd && cat a.txt", "/project/src\nA\n", 0],
    ["true && echo yes || echo no", "yes\n", 0],
    ["false && echo yes || echo no", "no\n", 0],
    ["false; echo $?", "1\n", 0],
    ["! false && echo negated", "negated\n", 0],
    ["X=1; echo $X", "1\n", 0],
    ["X=scoped env | cat", "GREETING=hi\nX=scoped\n", 0],
    ["echo piped | cat", "piped\n", 0],
    ["exit 7", "", 7],
    ["exit 300", "", 44],
    ["echo before; exit 2; echo after", "before\n", 2],
    ["sh -c 'echo nested; exit 4'; echo $?", "nested\n4\n", 0],
    ["# a comment\necho after-comment", "after-comment\n", 0],
    ["echo one \\\n two", "one two\n", 0],
    ["until true; do echo never; done; echo done", "done\n", 0],
  ])("%s", async (script, stdout, code) => {
    const result = await run(script, { env: { GREETING: "hi" } });
    expect(result.stdout).toBe(stdout);
    expect(result.code).toBe(code);
  });

  it("feeds stdin to cat and to sh", async () => {
    expect((await run("cat", { stdin: "in\n" })).stdout).toBe("in\n");
    expect((await run("cat - src/a.txt", { stdin: "in\n" })).stdout).toBe("in\nA\n");
    expect((await run("sh", { stdin: "echo from-stdin" })).stdout).toBe("from-stdin\n");
  });

  it("redirects output, appends, reads and sends stderr", async () => {
    const { fs, stdout, stderr } = await run(
      "echo one > out.txt; echo two >> out.txt; cat < out.txt; echo err 1>&2; echo both > both.txt 2>&1; cat missing 2> err.txt; echo x > /dev/null",
    );
    expect(new TextDecoder().decode(fs.readFile("out.txt"))).toBe("one\ntwo\n");
    expect(stdout).toBe("one\ntwo\n");
    expect(stderr).toBe("err\n");
    expect(new TextDecoder().decode(fs.readFile("err.txt"))).toBe("cat: missing: No such file or directory\n");
  });

  it("changes files with mkdir, rm and touch", async () => {
    const { fs, code } = await run("mkdir -p a/b && touch a/b/c && rm -r src && rm -f nope");
    expect(code).toBe(0);
    expect(fs.kindOf("a/b/c")).toBe("file");
    expect(fs.kindOf("src")).toBe(null);
    expect((await run("rm src", { fs: seeded() })).stderr).toBe("rm: cannot remove 'src': Is a directory\n");
  });

  it.each([
    ["nope", /command not found: nope/, 127],
    ["cat missing", /cat: missing: No such file or directory/, 1],
    ["ls missing", /ls: cannot access 'missing'/, 2],
    ["cd missing", /cd: no such file or directory: missing/, 1],
    ["echo $(date)", /syntax error: command substitution/, 2],
    ["sleep 1 &", /syntax error: background jobs/, 2],
    ["if true; then echo; fi", /syntax error: "if" is not supported/, 2],
    ["echo 'open", /syntax error: unterminated ' quote/, 2],
    ["echo > ", /syntax error: expected a file name/, 2],
  ])("reports %s", async (script, message, code) => {
    const result = await run(script);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(code);
  });

  it("stays inside the project: .. and / resolve under its root", async () => {
    const result = await run("cat ../../etc/passwd; cat /etc/passwd; cat /project/src/a.txt");
    expect(result.stdout).toBe("A\n");
    expect(result.stderr).toMatch(/etc\/passwd: No such file or directory[^]*etc\/passwd: No such file or directory/);
  });

  it("stops a loop when aborted, letting timers run meanwhile", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    let echoes = 0;
    const code = await runScript("while true; do echo x; done", {
      fs: seeded(),
      rootPath: "/project",
      name: "sh",
      signal: controller.signal,
      cwd: "",
      env: {},
      stdin: "",
      stdout: () => void echoes++,
      stderr: () => {},
    });
    expect(code).toBe(130);
    expect(echoes).toBeGreaterThan(10);
  });
});
