# The revenue report: the database is built in memory from db/, queried, and formatted by report.py.
cat db/schema.sql db/seed.sql queries/revenue.sql | sqlite3 -csv :memory: > /tmp/revenue.csv
python3 report.py < /tmp/revenue.csv
