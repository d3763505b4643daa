# The revenue report: the database is built in memory from db/, queried, and formatted by report.py.
rows=$(cat db/schema.sql db/seed.sql queries/revenue.sql | sqlite3 -csv :memory:)
printf '%s\n' "$rows" | python3 report.py
