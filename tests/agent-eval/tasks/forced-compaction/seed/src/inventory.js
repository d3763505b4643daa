// Stock levels by item name.
const stock = new Map([
  ["apple", 5],
  ["pear", 2],
]);

export function count(item) {
  return stock.get(item) ?? 0;
}
