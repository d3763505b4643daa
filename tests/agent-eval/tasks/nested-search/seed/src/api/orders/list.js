import { legacyFetch } from "../../http.js";

export async function listOrders(page) {
  const first = await legacyFetch(`/orders?page=${page}`);
  const totals = await legacyFetch("/orders/totals");
  return { first, totals };
}
