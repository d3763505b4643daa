import { Bash } from "just-bash";
const t0 = Date.now();
const bash = new Bash({ python: true, cwd: "/project", files: { "/project/a.txt": "hello\n" } });
console.log("ctor", Date.now() - t0);
for (const cmd of ["echo hi; cat a.txt | tr a-z A-Z", "python3 -c 'import sys; print(sys.version)'", "python3 -c 'print(1+1)'", "sqlite3 :memory: 'select 1+1'", "python3 -c 'import socket; s=socket.socket(); s.connect((\"127.0.0.1\", 9)); print(\"connected\")'", "env", "ls /", "cat /etc/passwd", "curl http://example.com"]) {
  const t = Date.now();
  const r = await bash.exec(cmd);
  console.log(JSON.stringify(cmd), Date.now() - t, r.exitCode, JSON.stringify(r.stdout.slice(0, 300)), JSON.stringify(r.stderr.slice(0, 300)));
}
console.log(process.memoryUsage());
process.exit(0);
