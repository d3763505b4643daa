-- Revenue per customer in cents, highest first: one CSV row "name,cents" each.
SELECT c.name, SUM(o.quantity) AS revenue
FROM orders o
JOIN customers c ON c.id = o.customer_id
GROUP BY c.name
ORDER BY revenue DESC;
