INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Linus');
INSERT INTO orders (id, customer_id, product, price_cents, quantity) VALUES
  (1, 1, 'book', 1250, 2),
  (2, 2, 'pen', 199, 10),
  (3, 1, 'lamp', 4500, 1),
  (4, 3, 'mug', 899, 3),
  (5, 2, 'desk', 15000, 1);
