/* eslint-disable @typescript-eslint/no-explicit-any -- runs inside QuickJS on guest values */
import type { VmHost, VmShared } from "./vm-host";

/**
 * util.inspect and util.format, as console prints values.
 * Shipped to QuickJS as source text (see vm-prelude.ts): it may use only `host`, `s` and the VM's
 * own globals.
 */
export function vmInspect(host: VmHost, s: VmShared): void {
  const { Buffer } = s;
  // ── inspect / format ──────────────────────────────────────────────────────────────────────
  // The frames of this prelude say nothing to the program's author.
  const userStack = (stack: unknown) =>
    String(stack ?? "")
      .split("\n")
      .filter((line) => !line.includes("node:internal/prelude") && !/^\s*at call \(native\)$/.test(line))
      .join("\n")
      .replace(/\n$/, "");
  const isIdentifier = (key: string) => /^[A-Za-z_$][\w$]*$/.test(key);
  function inspect(value: any, options?: any): string {
    const depthLimit = typeof options?.depth === "number" ? options.depth : options?.depth === null ? Infinity : 2;
    const seen: unknown[] = [];
    const render = (v: any, depth: number, nested: boolean): string => {
      if (v === null) return "null";
      switch (typeof v) {
        case "undefined":
          return "undefined";
        case "string":
          return nested ? `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'` : v;
        case "number":
          return Object.is(v, -0) ? "-0" : String(v);
        case "bigint":
          return `${v}n`;
        case "boolean":
          return String(v);
        case "symbol":
          return v.toString();
        case "function": {
          const name = v.name ? `: ${v.name}` : " (anonymous)";
          return /^class\s/.test(Function.prototype.toString.call(v)) ? `[class ${v.name || "(anonymous)"}]` : `[Function${name}]`;
        }
      }
      if (seen.includes(v)) return "[Circular *1]";
      if (v instanceof Error) return v.stack ? `${v.name}: ${v.message}\n${userStack(v.stack)}` : `${v.name}: ${v.message}`;
      if (v instanceof Date) return isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
      if (v instanceof RegExp) return String(v);
      if (typeof v.then === "function" && v instanceof Promise) return "Promise { <pending> }";
      if (depth > depthLimit) return Array.isArray(v) ? "[Array]" : "[Object]";
      seen.push(v);
      try {
        const join = (open: string, items: string[], close: string) => {
          if (items.length === 0) return `${open}${close}`;
          const single = `${open} ${items.join(", ")} ${close}`;
          if (single.length <= 72 && !single.includes("\n")) return single;
          const pad = "  ".repeat(depth + 1);
          return `${open}\n${pad}${items.join(`,\n${pad}`)}\n${"  ".repeat(depth)}${close}`;
        };
        if (Array.isArray(v)) {
          const items = v.slice(0, 100).map((item) => render(item, depth + 1, true));
          if (v.length > 100) items.push(`... ${v.length - 100} more items`);
          return join("[", items, "]");
        }
        if (v instanceof Buffer) {
          const hex = Array.from(v.subarray(0, 50), (b: number) => b.toString(16).padStart(2, "0"));
          return `<Buffer${hex.length ? " " + hex.join(" ") : ""}${v.length > 50 ? ` ... ${v.length - 50} more bytes` : ""}>`;
        }
        if (ArrayBuffer.isView(v)) {
          const items = Array.from(v as unknown as ArrayLike<number>).slice(0, 100).map(String);
          return `${v.constructor.name}(${(v as any).length}) ` + join("[", items, "]");
        }
        if (v instanceof Map)
          return `Map(${v.size}) ` + join("{", [...v].map(([k, val]) => `${render(k, depth + 1, true)} => ${render(val, depth + 1, true)}`), "}");
        if (v instanceof Set) return `Set(${v.size}) ` + join("{", [...v].map((item) => render(item, depth + 1, true)), "}");
        const keys = Object.keys(v);
        const items = keys.map((k) => `${isIdentifier(k) ? k : render(k, 0, true)}: ${render(v[k], depth + 1, true)}`);
        const proto = Object.getPrototypeOf(v);
        const name = proto === null ? "[Object: null prototype] " : proto.constructor && proto.constructor !== Object ? `${proto.constructor.name} ` : "";
        return name + join("{", items, "}");
      } finally {
        seen.pop();
      }
    };
    return render(value, 0, false);
  }
  function format(...args: any[]): string {
    let first = args[0];
    const rest = args.slice(1);
    if (typeof first === "string" && rest.length > 0) {
      first = first.replace(/%[sdifjoOc%]/g, (token: string) => {
        if (token === "%%") return "%";
        if (rest.length === 0) return token;
        const next = rest.shift();
        switch (token) {
          case "%s":
            return typeof next === "string" ? next : inspect(next, { depth: 1 });
          case "%d":
          case "%i":
            return String(token === "%i" ? parseInt(next, 10) : Number(next));
          case "%f":
            return String(parseFloat(next));
          case "%j":
            return JSON.stringify(next);
          case "%c":
            return "";
          default:
            return inspect(next);
        }
      });
      return [first, ...rest.map((a) => inspect(a))].join(" ");
    }
    return args.map((a) => inspect(a)).join(" ");
  }
  Object.assign(s, { userStack, isIdentifier, inspect, format });
}
