import { legacyFetch } from "../../http.js";

export function tableSource(name) {
  return () => legacyFetch(`/tables/${name}`);
}
