// A shopping cart: items with a unit price in cents and a quantity.

export function subtotal(items) {
  let sum = 0;
  for (const item of items) {
    sum += item.price * item.quantity;
  }
  return sum;
}

const codes = { SAVE10: 10, HALF: 50 };

/** The total in cents after a discount code (a percentage off); unknown codes are ignored. */
export function total(items, code) {
  const amount = subtotal(items);
  const percent = codes[code] ?? 0;
  return Math.round(amount * percent / 100);
}
