/**
 * The Python side of a kernel (see kernel-worker.ts). CPython starts once, imports what runs need,
 * and then waits on /dev/box-control for a job: a JSON file the worker writes to /box/job.json.
 *
 * - A notebook cell ("cell") runs in the kernel's one `__main__`, so names carry over between cells.
 * - A `python3` run ("run") gets a new `__main__`, and afterwards the kernel puts back what a run may
 *   change: the modules it imported are dropped (the next run reads the project's files again),
 *   builtins, sys.path and the import caches are restored, its atexit handlers run. If the run changed
 *   a module loaded before it (a monkey-patch), the kernel says so and the box ends it, so no run
 *   sees another's changes.
 * Output goes to devices that hand bytes to the box as written (U+0000 and invalid UTF-8 survive).
 */
export const kernelSource = String.raw`
import atexit, builtins, io, json, linecache, os, sys, types

def _box_streams():
    for fd, device in ((1, "/dev/box-stdout"), (2, "/dev/box-stderr")):
        target = os.open(device, os.O_WRONLY)
        os.dup2(target, fd)
        os.close(target)
    out = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="surrogateescape", write_through=True)
    err = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True)
    return out, err

def _box_status(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1

# sys is set up by every job (argv, streams, path) and its hooks are put back after each run.
_box_sys_hooks = ("excepthook", "displayhook", "breakpointhook", "unraisablehook")

def _box_fingerprint(names):
    seen = []
    for name in sorted(names - {"sys"}):
        module = sys.modules.get(name)
        if module is not None:
            # A submodule a run imports is set on its package; that is not a change to the package.
            seen.append((name, tuple((key, id(value)) for key, value in list(vars(module).items()) if not isinstance(value, types.ModuleType))))
    return hash(tuple(seen))

def _box_main():
    out, err = _box_streams()
    control = os.open("/dev/box-control", os.O_RDWR)
    notebook = types.ModuleType("__main__")
    baseline_modules = set(sys.modules)
    baseline_modules.discard("__main__")
    baseline_builtins = dict(vars(builtins))
    baseline_path = list(sys.path)
    baseline_hooks = {name: getattr(sys, name) for name in _box_sys_hooks}
    baseline_fingerprint = _box_fingerprint(baseline_modules)
    while True:
        os.read(control, 1)
        with open("/box/job.json", "rb") as file:
            job = json.loads(file.read().decode("utf-8"))
        fresh = job["mode"] == "run"
        main = types.ModuleType("__main__") if fresh else notebook
        sys.modules["__main__"] = main
        sys.stdout, sys.stderr = out, err
        sys.__stdout__, sys.__stderr__ = out, err
        os.environ.clear()
        os.environ.update(job["env"])
        sys.argv = job["argv"]
        sys.stdin = io.StringIO(job["stdin"])
        sys.path[:] = [job["path0"], *baseline_path[1:]]
        # Dropping the path finders drops their directory listings (importlib.invalidate_caches
        # would also import importlib.metadata, a large import, on every run).
        sys.path_importer_cache.clear()
        linecache.clearcache()
        status = 0
        try:
            os.chdir(job["cwd"])
            if job["kind"] == "module":
                import runpy
                runpy.run_module(job["module"], run_name="__main__", alter_sys=True)
            else:
                main.__dict__["__file__"] = job["file"]
                exec(compile(job["source"], job["filename"], "exec"), main.__dict__)
        except SystemExit as stop:
            status = _box_status(stop.code)
        except BaseException as error:
            import traceback
            traceback.print_exception(type(error), error, error.__traceback__.tb_next)
            status = 1
        tainted = False
        if fresh:
            try:
                atexit._run_exitfuncs()
            except BaseException:
                pass
            atexit._clear()
            for name in [name for name in sys.modules if name not in baseline_modules]:
                del sys.modules[name]
            names = vars(builtins)
            names.clear()
            names.update(baseline_builtins)
            sys.path[:] = baseline_path
            for name, hook in baseline_hooks.items():
                setattr(sys, name, hook)
            tainted = _box_fingerprint(baseline_modules) != baseline_fingerprint
        for stream in (sys.stdout, sys.stderr, out, err):
            try:
                stream.flush()
            except BaseException:
                pass
        os.write(control, f"{status} {int(tainted)}".encode())

_box_main()
`;
