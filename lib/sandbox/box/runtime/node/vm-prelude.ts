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
  // The host reads guest strings as C strings, which end at U+0000: output holding one travels as JSON.
  const hostWrite = host.write, stringify = JSON.stringify;
  host = Object.assign({}, host, { write: (fd, text) => (text.indexOf("\\u0000") < 0 ? hostWrite(fd, text) : hostWrite(fd, stringify(text), true)) });
  const s = { info: JSON.parse(infoJson) };
${parts.map((part) => `  (${part.toString()})(host, s);`).join("\n")}
  return s.control;
})`;
