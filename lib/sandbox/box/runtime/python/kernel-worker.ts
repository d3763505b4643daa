import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import type { KernelFsReply, KernelFsRequest, KernelMessage, KernelReply, KernelWorkerData } from "./kernel-protocol";
import { kernelSource } from "./kernel-source";

/**
 * A Python kernel: one CPython-WASM interpreter in a worker thread of the box, started before it is
 * needed and then fed jobs (kernel-source.ts). Its only ways out are the box's filesystem, reached
 * through the main thread (mounted at /project and /tmp), and its output devices: no host path,
 * variable, socket or JS bridge is visible to Python (the worker starts with an empty environment
 * under a neutral name, see worker-identity.ts, and CPython's socket layer cannot load `ws`).
 */

type FsNode = { name: string; mode: number; parent: FsNode; mount: { opts: { root: string } }; id: number; node_ops?: unknown; stream_ops?: unknown };
type FsStream = { node: FsNode; flags: number; position: number; content?: Uint8Array; dirty?: boolean; path?: string };
type Emfs = {
  createNode(parent: FsNode | null, name: string, mode: number, dev?: number): FsNode;
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  isLink(mode: number): boolean;
  ErrnoError: new (errno: number) => Error;
  makedev(major: number, minor: number): number;
  registerDevice(dev: number, ops: object): void;
  mkdev(path: string, mode: number, dev: number): void;
  mkdir(path: string): void;
  rmdir(path: string): void;
  mount(type: object, opts: object, point: string): void;
  writeFile(path: string, data: Uint8Array): void;
};
type PythonModule = { FS: Emfs; ENV: Record<string, string>; callMain(args: string[]): number };

const { wasm, entry, stdlib, signal, replies, maxFileBytes } = workerData as KernelWorkerData;
const flag = new Int32Array(signal);
const post = (message: KernelMessage, transfer?: ArrayBuffer[]) => parentPort!.postMessage(message, transfer);

/** Blocks until the main thread answers; the worker has nothing else to do meanwhile. */
function waitForReply(): KernelReply {
  for (;;) {
    Atomics.store(flag, 0, 0);
    const received = receiveMessageOnPort(replies);
    if (received) return received.message as KernelReply;
    Atomics.wait(flag, 0, 0);
  }
}

// This CPython's errno numbers (its `errno` module) for the codes ProjectFs throws. EFBIG is 22:
// 27 is EINTR, on which Python retries a write for ever.
const errnoByCode: Record<string, number> = {
  EACCES: 2, EBUSY: 10, EEXIST: 20, EFBIG: 22, EINVAL: 28, EIO: 29, EISDIR: 31, ELOOP: 32, ENAMETOOLONG: 37, ENOENT: 44, ENOSPC: 51, ENOTDIR: 54, ENOTEMPTY: 55, EPERM: 63, EXDEV: 75,
};

function createBoxFs(FS: Emfs) {
  const call = (request: KernelFsRequest): unknown => {
    post({ type: "fs", request });
    const reply = waitForReply() as { type: "fs" } & KernelFsReply;
    if (!reply.ok) throw new FS.ErrnoError(errnoByCode[reply.code] ?? errnoByCode.EIO!);
    return reply.value;
  };
  const pathOf = (node: FsNode): string => {
    const parts: string[] = [];
    for (; node.parent !== node; node = node.parent) parts.unshift(node.name);
    const root = node.mount.opts.root;
    return parts.length ? `${root}/${parts.join("/")}` : root;
  };
  const child = (parent: FsNode, name: string) => `${pathOf(parent)}/${name}`;
  const stat = (path: string) => call({ op: "lstat", path }) as { mode: number; size: number; mtimeMs: number };

  const boxFs = {
    mount: () => boxFs.createNode(null, "/", 0o40755),
    createNode(parent: FsNode | null, name: string, mode: number) {
      const node = FS.createNode(parent, name, mode);
      node.node_ops = boxFs.node_ops;
      node.stream_ops = boxFs.stream_ops;
      return node;
    },
    node_ops: {
      getattr(node: FsNode) {
        const { mode, size, mtimeMs } = stat(pathOf(node));
        const time = new Date(mtimeMs);
        return { dev: 1, ino: node.id, mode, nlink: 1, uid: 0, gid: 0, rdev: 0, size, atime: time, mtime: time, ctime: time, blksize: 4096, blocks: Math.ceil(size / 512) };
      },
      setattr(node: FsNode, attr: { mode?: number; size?: number }) {
        const path = pathOf(node);
        if (attr.mode !== undefined) call({ op: "chmod", path, mode: attr.mode });
        if (attr.size !== undefined) {
          const data = call({ op: "readFile", path }) as Uint8Array;
          const resized = new Uint8Array(attr.size);
          resized.set(data.subarray(0, attr.size));
          call({ op: "writeFile", path, data: resized });
        }
      },
      lookup(parent: FsNode, name: string) {
        return boxFs.createNode(parent, name, stat(child(parent, name)).mode);
      },
      mknod(parent: FsNode, name: string, mode: number) {
        const path = child(parent, name);
        if (FS.isDir(mode)) call({ op: "mkdir", path, mode });
        else call({ op: "writeFile", path, data: new Uint8Array(0) });
        return boxFs.createNode(parent, name, mode);
      },
      rename(node: FsNode, dir: FsNode, name: string) {
        call({ op: "rename", from: pathOf(node), to: child(dir, name) });
        node.name = name;
      },
      unlink: (parent: FsNode, name: string) => void call({ op: "unlink", path: child(parent, name) }),
      rmdir: (parent: FsNode, name: string) => void call({ op: "rmdir", path: child(parent, name) }),
      readdir: (node: FsNode) => [".", "..", ...(call({ op: "readdir", path: pathOf(node) }) as string[])],
      symlink: (parent: FsNode, name: string, target: string) => void call({ op: "symlink", target, path: child(parent, name) }),
      readlink: (node: FsNode) => call({ op: "readlink", path: pathOf(node) }) as string,
    },
    stream_ops: {
      // A file is read whole on open and written back on close, as the box's own tools do.
      open(stream: FsStream) {
        if (FS.isDir(stream.node.mode)) return;
        const path = pathOf(stream.node);
        const write = (stream.flags & 3) !== 0;
        const truncate = write && (stream.flags & 512) !== 0;
        stream.content = truncate ? new Uint8Array(0) : (call({ op: "readFile", path }) as Uint8Array);
        stream.dirty = truncate;
        stream.path = path;
        if (stream.flags & 1024) stream.position = stream.content.length;
      },
      close(stream: FsStream) {
        if (stream.dirty && stream.content && stream.path) call({ op: "writeFile", path: stream.path, data: stream.content });
      },
      fsync(stream: FsStream) {
        if (stream.dirty && stream.content && stream.path) call({ op: "writeFile", path: stream.path, data: stream.content });
        stream.dirty = false;
      },
      read(stream: FsStream, buffer: Uint8Array, offset: number, length: number, position: number) {
        const content = stream.content ?? new Uint8Array(0);
        if (position >= content.length) return 0;
        const count = Math.min(length, content.length - position);
        buffer.set(content.subarray(position, position + count), offset);
        return count;
      },
      write(stream: FsStream, buffer: Uint8Array, offset: number, length: number, position: number) {
        if (position + length > maxFileBytes) throw new FS.ErrnoError(errnoByCode.EFBIG!);
        let content = stream.content ?? new Uint8Array(0);
        if (position + length > content.length) {
          const grown = new Uint8Array(Math.max(position + length, Math.min(content.length * 2, position + length + (1 << 20))));
          grown.set(content);
          content = grown.subarray(0, position + length);
          stream.content = content;
        }
        content.set(buffer.subarray(offset, offset + length), position);
        stream.dirty = true;
        return length;
      },
      llseek(stream: FsStream, offset: number, whence: number) {
        const position = whence === 1 ? stream.position + offset : whence === 2 ? (stream.content?.length ?? 0) + offset : offset;
        if (position < 0) throw new FS.ErrnoError(errnoByCode.EINVAL!);
        return position;
      },
    },
  };
  return boxFs;
}

function installDevices(FS: Emfs) {
  const device = (minor: number, path: string, ops: object) => {
    const dev = FS.makedev(64, minor);
    FS.registerDevice(dev, { open() {}, close() {}, ...ops });
    FS.mkdev(path, 0o666, dev);
  };
  const output = (fd: 1 | 2) => ({
    write(_stream: unknown, buffer: Uint8Array, offset: number, length: number) {
      const bytes = buffer.slice(offset, offset + length);
      post({ type: "out", fd, bytes }, [bytes.buffer]);
      return length;
    },
  });
  device(0, "/dev/box-stdout", output(1));
  device(1, "/dev/box-stderr", output(2));
  // A job is over only once the kernel waits for the next one: guest code that writes to the control
  // device itself can set the status it reports, never end its job while it still runs.
  let running = false;
  let ended = { status: 1, tainted: true };
  device(2, "/dev/box-control", {
    // Reading waits for the next job, which is left in /box/job.json.
    read(_stream: unknown, buffer: Uint8Array, offset: number) {
      post(running ? { type: "done", ...ended } : { type: "ready" });
      ended = { status: 1, tainted: true };
      const reply = waitForReply();
      if (reply.type !== "job") throw new FS.ErrnoError(errnoByCode.EIO!);
      running = true;
      FS.writeFile("/box/job.json", reply.job);
      buffer[offset] = 10;
      return 1;
    },
    write(_stream: unknown, buffer: Uint8Array, offset: number, length: number) {
      const [status, tainted] = Buffer.from(buffer.subarray(offset, offset + length)).toString().split(" ");
      ended = { status: Number(status) || 0, tainted: tainted !== "0" };
      return length;
    },
  });
}

async function start() {
  const createPythonModule = createRequire(import.meta.url)(entry) as (options: object) => Promise<PythonModule>;
  const stdlibZip = new Uint8Array(readFileSync(stdlib));
  const python = await createPythonModule({
    noInitialRun: true,
    thisProgram: "/usr/bin/python3",
    instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
      void WebAssembly.instantiate(wasm, imports).then((instance) => receive(instance, wasm));
      return {};
    },
    preRun: [
      (module: PythonModule) => {
        module.FS.mkdir("/lib");
        module.FS.writeFile("/lib/python313.zip", stdlibZip);
        Object.assign(module.ENV, { PYTHONHOME: "/", PYTHONPATH: "/lib/python313.zip", PYTHONDONTWRITEBYTECODE: "1", HOME: "/project", USER: "user", LOGNAME: "user", PATH: "/usr/bin:/bin", LANG: "C.UTF-8" });
      },
    ],
    // CPython's own complaints before the streams are redirected (none are expected).
    print: () => undefined,
    printErr: (text: string) => post({ type: "out", fd: 2, bytes: new TextEncoder().encode(`${text}\n`) }),
  });
  const { FS } = python;
  const boxFs = createBoxFs(FS);
  FS.rmdir("/tmp");
  for (const point of ["/project", "/tmp"]) {
    FS.mkdir(point);
    FS.mount(boxFs, { root: point }, point);
  }
  FS.mkdir("/box");
  installDevices(FS);
  FS.writeFile("/box/kernel.py", new TextEncoder().encode(kernelSource));
  python.callMain(["/box/kernel.py"]);
}

start().catch((error: unknown) => post({ type: "failed", message: String((error as Error)?.message ?? error).slice(0, 2000) }));
