import { legacyFetch } from "../http.js";

export const loadUsers = () => legacyFetch("/users");
