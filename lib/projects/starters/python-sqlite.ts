import type { Starter } from "./types";

export const pythonSqlite: Starter = {
  id: "python-sqlite",
  name: "Python with SQLite",
  description: "Python writes and reports rows of a SQLite database file, through the sqlite3 command. Runs in the offline box.",
  runtimes: ["box"],
  entry: "run.sh",
  run: "bash run.sh",
  files: {
    "run.sh": `# Run me with ▶ Run (or \`bash run.sh\` in the terminal).
# Python makes the SQL, the sqlite3 command runs it against notes.db and prints the report.
python3 notes.py "Hello from SQLite" | sqlite3 notes.db
`,
    "notes.py": `"""Prints the SQL that keeps notes in a SQLite file: the table, one new note, and a report."""
import sys

SCHEMA = "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);"
REPORT = [
    "SELECT count(*) || ' note(s) in notes.db:' FROM notes;",
    "SELECT '  #' || id || ' ' || text FROM notes ORDER BY id;",
]


def sql_text(value):
    return "'" + value.replace("'", "''") + "'"


def script(note):
    return "\\n".join([SCHEMA, f"INSERT INTO notes (text) VALUES ({sql_text(note)});", *REPORT])


if __name__ == "__main__":
    print(script(" ".join(sys.argv[1:]) or "A note"))
`,
    "README.md": `# Python with SQLite

\`run.sh\` keeps notes in \`notes.db\`, a SQLite database file: Python (\`notes.py\`) writes the SQL
(the table, a new note, a report) and the \`sqlite3\` command runs it.
Open \`run.sh\` and press ▶ Run, or type \`bash run.sh\` in the terminal; query the file yourself with
\`sqlite3 notes.db "select * from notes"\`.

Python and sqlite3 run in the offline box. WebContainer has neither: switch the runtime to the box.
`,
  },
};
