import { vmBuffer } from "./vm-buffer";
import { vmCoreModules } from "./vm-core-modules";
import { vmFs } from "./vm-fs";
import { vmInspect } from "./vm-inspect";
import { vmModules } from "./vm-modules";
import { vmProcess } from "./vm-process";

// In order: each part adds what it defines to the shared object for the parts after it.
const parts = [vmBuffer, vmInspect, vmProcess, vmFs, vmCoreModules, vmModules];

/**
 * Node's globals and core modules for the guest, as the source of one function
 * `(host, infoJson) => VmControl` that the host evaluates inside QuickJS. The parts are written as
 * TypeScript functions so they are type-checked, then shipped as text: they close over nothing
 * from this realm and reach the host only through the plain-data bridge in vm-host.ts.
 */
export const preludeSource = `(function (host, infoJson) {
  "use strict";
  // The host reads guest strings as C strings, which end at U+0000 and mangle lone surrogates, so
  // every string crosses as JSON text (escaped, well-formed); see the raw host in js-runner.ts.
  const raw = host, stringify = JSON.stringify, parse = JSON.parse;
  host = Object.assign({}, raw, {
    // Node writes UTF-8, where a lone surrogate becomes U+FFFD.
    write: (fd, text) => raw.write(fd, stringify(String(text).toWellFormed())),
    readBinary: (path) => raw.readBinary(stringify(path)),
    writeBinary: (path, data, append) => raw.writeBinary(stringify(path), data, append),
    encode: (text, encoding) => raw.encode(stringify(text), encoding),
    decode: (data, encoding) => parse(raw.decode(data, encoding)),
    compile: (source, filename) => raw.compile(stringify(source), stringify(filename)),
  });
  const s = { info: parse(infoJson) };
${parts.map((part) => `  (${part.toString()})(host, s);`).join("\n")}
  const formatError = s.control.formatError;
  return Object.assign({}, s.control, { formatError: (error) => stringify(formatError(error)) });
})`;
