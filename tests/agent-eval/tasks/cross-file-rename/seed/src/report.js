import { getUser } from "./users.js";

export function nameList(ids) {
  return ids.map((id) => getUser(id)?.name ?? "?").join(", ");
}
