import type { EvalTask } from "../../types";

export default {
  name: "python-sqlite",
  covers: "a Python task with SQLite (a wrong SQL aggregate and a total line in the Python report)",
  turns: [
    {
      prompt:
        "The revenue report (bash run.sh) shows quantities, not money: revenue must be price × quantity. Fix it, and make report.py end with a line `TOTAL: $<sum of all customers>`.",
    },
  ],
  check: { command: "bash run.sh", stdoutIncludes: ["Grace: $169.90\nAda: $70.00\nLinus: $26.97\nTOTAL: $266.87"] },
} satisfies EvalTask;
