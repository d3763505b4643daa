/* eslint-disable @typescript-eslint/no-explicit-any -- runs inside QuickJS on guest values */
import type { VmError, VmHost, VmShared } from "./vm-host";

/**
 * The bridge's error shape, Buffer, TextEncoder and TextDecoder for the guest.
 * Shipped to QuickJS as source text (see vm-prelude.ts): it may use only `host`, `s` and the VM's
 * own globals.
 */
export function vmBuffer(host: VmHost, s: VmShared): void {
  // ── errors from the bridge ────────────────────────────────────────────────────────────────
  const toError = (e: VmError) => {
    const error: any = new Error(e.message);
    if (e.code) error.code = e.code;
    if (e.syscall) error.syscall = e.syscall;
    if (e.path) error.path = e.path;
    return error;
  };
  const call = (op: string, ...args: unknown[]): any => {
    const answer = JSON.parse(host.call(op, JSON.stringify(args)));
    if (answer.e) throw toError(answer.e);
    return answer.v;
  };

  // ── Buffer and text encoding ──────────────────────────────────────────────────────────────
  const normalizeEncoding = (encoding: unknown): string => {
    const e = String(encoding ?? "utf8").toLowerCase();
    if (e === "utf-8") return "utf8";
    if (e === "binary") return "latin1";
    if (e === "ucs2" || e === "ucs-2" || e === "utf-16le") return "utf16le";
    if (["utf8", "latin1", "ascii", "base64", "base64url", "hex", "utf16le"].includes(e)) return e;
    throw new TypeError(`Unknown encoding: ${String(encoding)}`);
  };
  class Buffer extends Uint8Array {
    static from(value: any, encodingOrOffset?: any, length?: number): Buffer {
      if (typeof value === "string") {
        const bytes = new Uint8Array(host.encode(value, normalizeEncoding(encodingOrOffset)));
        const out = new Buffer(bytes.length);
        out.set(bytes);
        return out;
      }
      if (value instanceof ArrayBuffer) return new Buffer(value, encodingOrOffset ?? 0, length ?? value.byteLength - (encodingOrOffset ?? 0));
      if (ArrayBuffer.isView(value)) {
        const out = new Buffer(value.byteLength);
        out.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        return out;
      }
      if (Array.isArray(value)) {
        const out = new Buffer(value.length);
        out.set(value.map((n: number) => n & 255));
        return out;
      }
      if (value && value.type === "Buffer" && Array.isArray(value.data)) return Buffer.from(value.data);
      throw new TypeError("The first argument must be a string, Buffer, ArrayBuffer or Array");
    }
    static alloc(size: number, fill?: any) {
      const out = new Buffer(size);
      if (typeof fill === "number") out.fill(fill);
      else if (typeof fill === "string" && fill.length > 0) {
        const pattern = Buffer.from(fill);
        for (let i = 0; i < size; i++) out[i] = pattern[i % pattern.length]!;
      }
      return out;
    }
    static allocUnsafe(size: number) {
      return new Buffer(size);
    }
    static isBuffer(value: unknown): value is Buffer {
      return value instanceof Buffer;
    }
    static isEncoding(encoding: unknown) {
      try {
        normalizeEncoding(encoding);
        return true;
      } catch {
        return false;
      }
    }
    static byteLength(value: any, encoding?: string) {
      return typeof value === "string" ? Buffer.from(value, encoding).length : value.byteLength;
    }
    static concat(list: Uint8Array[], total?: number) {
      const length = total ?? list.reduce((n, b) => n + b.length, 0);
      const out = Buffer.alloc(length);
      let offset = 0;
      for (const b of list) {
        if (offset >= length) break;
        out.set(b.subarray(0, length - offset), offset);
        offset += b.length;
      }
      return out;
    }
    static compare(a: Uint8Array, b: Uint8Array) {
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
      return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
    }
    toString(encoding?: string, start = 0, end = this.length) {
      const view = this.subarray(start, end);
      const copy = new Uint8Array(view.length);
      copy.set(view);
      return host.decode(copy.buffer, normalizeEncoding(encoding));
    }
    toJSON() {
      return { type: "Buffer", data: Array.from(this) };
    }
    equals(other: Uint8Array) {
      return Buffer.compare(this, other) === 0;
    }
    write(text: string, offset = 0) {
      const bytes = Buffer.from(text);
      this.set(bytes.subarray(0, this.length - offset), offset);
      return Math.min(bytes.length, this.length - offset);
    }
    slice(start?: number, end?: number): any {
      const view = this.subarray(start, end);
      return new Buffer(view.buffer, view.byteOffset, view.length);
    }
    readUInt8(offset = 0) {
      return this[offset];
    }
    includes(value: any, byteOffset?: number): boolean {
      return this.indexOf(value, byteOffset) !== -1;
    }
    indexOf(value: any, byteOffset = 0): number {
      if (typeof value === "number") return super.indexOf(value, byteOffset);
      const needle = typeof value === "string" ? Buffer.from(value) : value;
      outer: for (let i = byteOffset; i <= this.length - needle.length; i++) {
        for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
        return i;
      }
      return -1;
    }
  }
  class TextEncoder {
    readonly encoding = "utf-8";
    encode(text = "") {
      return new Uint8Array(host.encode(String(text), "utf8"));
    }
  }
  class TextDecoder {
    readonly encoding: string;
    constructor(encoding = "utf-8") {
      this.encoding = encoding;
    }
    decode(data?: ArrayBuffer | ArrayBufferView) {
      if (!data) return "";
      const view = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const copy = new Uint8Array(view.length);
      copy.set(view);
      return host.decode(copy.buffer, normalizeEncoding(this.encoding));
    }
  }
  const toBytes = (data: any, encoding?: string): Uint8Array =>
    typeof data === "string" ? Buffer.from(data, encoding) : data instanceof Uint8Array ? data : Buffer.from(data);
  const toArrayBuffer = (bytes: Uint8Array) => {
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return copy.buffer;
  };
  Object.assign(s, { toError, call, normalizeEncoding, Buffer, TextEncoder, TextDecoder, toBytes, toArrayBuffer });
}
