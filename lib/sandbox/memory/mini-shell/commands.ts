import { errorText, ExitRequest, type CommandContext } from "./context";
import { createNodeCommand } from "./node-command";

type Builtin = (ctx: CommandContext) => number | Promise<number>;

const decoder = new TextDecoder();

const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", a: "\x07", b: "\b", f: "\f", v: "\v", e: "\x1b" };
const unescape = (text: string) =>
  text.replace(/\\(x[0-9a-fA-F]{1,2}|0[0-7]{0,3}|.)/g, (all, code: string) => {
    if (code[0] === "x") return String.fromCharCode(parseInt(code.slice(1), 16));
    if (code[0] === "0") return String.fromCharCode(parseInt(code, 8));
    return escapes[code] ?? all;
  });

/** printf's format, reused while arguments remain (as POSIX printf does). */
function printf(format: string, args: string[]): string {
  let out = "";
  let index = 0;
  do {
    const start = index;
    out += unescape(format).replace(/%([-0 ]*)(\d*)(?:\.(\d+))?([sdibcxX%])/g, (_all, flags: string, width: string, precision: string, conversion: string) => {
      if (conversion === "%") return "%";
      const arg = args[index++] ?? "";
      let text: string;
      if (conversion === "d" || conversion === "i") text = String(Math.trunc(Number(arg) || 0));
      else if (conversion === "x" || conversion === "X") text = (Math.trunc(Number(arg) || 0) >>> 0).toString(16);
      else if (conversion === "b") text = unescape(arg);
      else if (conversion === "c") text = arg.slice(0, 1);
      else text = precision ? arg.slice(0, Number(precision)) : arg;
      if (conversion === "X") text = text.toUpperCase();
      const pad = Number(width || 0) - text.length;
      if (pad <= 0) return text;
      if (flags.includes("-")) return text + " ".repeat(pad);
      return (flags.includes("0") && conversion !== "s" ? "0" : " ").repeat(pad) + text;
    });
    if (index === start) break;
  } while (index < args.length);
  return out;
}

/** Splits leading single-letter flags ("-rf", "-p") from operands; "--" ends them. */
function flagsOf(args: string[], known: string): { flags: Set<string>; operands: string[] } {
  const flags = new Set<string>();
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      i += 1;
      break;
    }
    if (!/^-[A-Za-z0-9]+$/.test(arg) || ![...arg.slice(1)].every((f) => known.includes(f))) break;
    for (const flag of arg.slice(1)) flags.add(flag);
  }
  return { flags, operands: args.slice(i) };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });

/** The commands the mini shell knows; anything else is "command not found" (127). */
export const builtins: Record<string, Builtin> = {
  ":": () => 0,
  true: () => 0,
  false: () => 1,

  echo: ({ args, io }) => {
    let newline = true;
    let interpret = false;
    while (args[0] && /^-[neE]+$/.test(args[0])) {
      const flags = args.shift()!;
      if (flags.includes("n")) newline = false;
      if (flags.includes("e")) interpret = true;
      if (flags.includes("E")) interpret = false;
    }
    const text = args.join(" ");
    io.stdout((interpret ? unescape(text) : text) + (newline ? "\n" : ""));
    return 0;
  },

  printf: ({ args, io, shell }) => {
    const [format, ...rest] = args;
    if (format === undefined) {
      io.stderr(`printf: usage: printf format [arguments]\n`);
      return shell.name === "jsh" ? 1 : 2;
    }
    io.stdout(printf(format, rest));
    return 0;
  },

  cat: ({ args, io, shell, resolve }) => {
    let status = 0;
    for (const arg of args.length ? args : ["-"]) {
      if (arg === "-") {
        io.stdout(io.stdin);
        continue;
      }
      try {
        io.stdout(decoder.decode(shell.fs.readFile(resolve(arg))));
      } catch (error) {
        io.stderr(`cat: ${arg}: ${errorText(error)}\n`);
        status = 1;
      }
    }
    return status;
  },

  ls: ({ args, io, shell, resolve }) => {
    const { flags, operands } = flagsOf(args, "1aAlFh");
    const showHidden = flags.has("a") || flags.has("A");
    const targets = operands.length ? operands : ["."];
    let status = 0;
    const listings: string[] = [];
    for (const target of targets) {
      const path = resolve(target);
      const kind = shell.fs.kindOf(path);
      if (!kind) {
        io.stderr(`ls: cannot access '${target}': No such file or directory\n`);
        status = 2;
        continue;
      }
      if (kind === "file") {
        listings.push(target + "\n");
        continue;
      }
      const names = shell.fs.readdir(path).map((e) => e.name).filter((name) => showHidden || !name.startsWith("."));
      const body = names.map((n) => n + "\n").join("");
      listings.push(targets.length > 1 ? `${target}:\n${body}` : body);
    }
    io.stdout(listings.join(targets.length > 1 ? "\n" : ""));
    return status;
  },

  exit: ({ args, io, state }) => {
    if (args[0] === undefined) throw new ExitRequest(state.status);
    const code = Number(args[0]);
    if (!Number.isInteger(code)) {
      io.stderr(`exit: ${args[0]}: numeric argument required\n`);
      throw new ExitRequest(2);
    }
    throw new ExitRequest(((code % 256) + 256) % 256);
  },

  sleep: async ({ args, io, shell }) => {
    const seconds = Number(args[0]?.replace(/s$/, ""));
    if (!args[0] || !Number.isFinite(seconds) || seconds < 0) {
      io.stderr(`sleep: invalid time interval '${args[0] ?? ""}'\n`);
      return 1;
    }
    await sleep(seconds * 1000, shell.signal);
    return 0;
  },

  pwd: ({ io, state, shell }) => {
    io.stdout(`${shell.rootPath}${state.cwd ? "/" + state.cwd : ""}\n`);
    return 0;
  },

  cd: ({ args, io, state, shell, resolve }) => {
    const path = resolve(args[0] ?? "~");
    const kind = shell.fs.kindOf(path);
    if (kind !== "dir") {
      io.stderr(`cd: ${kind ? "not a directory" : "no such file or directory"}: ${args[0]}\n`);
      return 1;
    }
    state.cwd = path;
    return 0;
  },

  mkdir: ({ args, io, shell, resolve }) => {
    const { flags, operands } = flagsOf(args, "p");
    let status = 0;
    for (const operand of operands) {
      try {
        shell.fs.mkdir(resolve(operand), { recursive: flags.has("p") });
      } catch (error) {
        io.stderr(`mkdir: cannot create directory '${operand}': ${errorText(error)}\n`);
        status = 1;
      }
    }
    return status;
  },

  rm: ({ args, io, shell, resolve }) => {
    const { flags, operands } = flagsOf(args, "rRf");
    let status = 0;
    for (const operand of operands) {
      const path = resolve(operand);
      try {
        if (path === "") throw Object.assign(new Error("refusing to remove the project folder"), { code: "EINVAL" });
        shell.fs.rm(path, { recursive: flags.has("r") || flags.has("R"), force: flags.has("f") });
      } catch (error) {
        io.stderr(`rm: cannot remove '${operand}': ${errorText(error)}\n`);
        status = 1;
      }
    }
    return status;
  },

  touch: ({ args, io, shell, resolve }) => {
    let status = 0;
    for (const operand of args) {
      try {
        shell.fs.touch(resolve(operand));
      } catch (error) {
        io.stderr(`touch: cannot touch '${operand}': ${errorText(error)}\n`);
        status = 1;
      }
    }
    return status;
  },

  env: ({ io, environ }) => {
    io.stdout(Object.entries(environ).map(([k, v]) => `${k}=${v}\n`).join(""));
    return 0;
  },

  node: createNodeCommand(),

  sh: (ctx) => runShell(ctx),
  bash: (ctx) => runShell(ctx),
  jsh: (ctx) => runShell(ctx),
};

/** `sh -c 'script'` runs the script; plain `sh` runs what arrives on stdin. */
function runShell({ args, io, run }: CommandContext): Promise<number> {
  if (args[0] === "-c") return run(args[1] ?? "", io);
  return run(io.stdin, { ...io, stdin: "" });
}
