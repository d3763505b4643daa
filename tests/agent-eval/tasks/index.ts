import type { EvalTask } from "../types";
import bigFile from "./big-file/task";
import bugFix from "./bug-fix/task";
import contextOverflow from "./context-overflow/task";
import crlfFile from "./crlf-file/task";
import crossFileRename from "./cross-file-rename/task";
import forcedCompaction from "./forced-compaction/task";
import lockedFile from "./locked-file/task";
import nestedSearch from "./nested-search/task";
import newModule from "./new-module/task";
import noisyTests from "./noisy-tests/task";
import npmTrap from "./npm-trap/task";
import pythonSqlite from "./python-sqlite/task";
import syntaxCheck from "./syntax-check/task";
import userEdits from "./user-edits/task";

/** Every evaluation task, in the order reports list them. */
export const evalTasks: EvalTask[] = [
  bugFix,
  crossFileRename,
  pythonSqlite,
  bigFile,
  crlfFile,
  lockedFile,
  userEdits,
  noisyTests,
  npmTrap,
  newModule,
  forcedCompaction,
  contextOverflow,
  nestedSearch,
  syntaxCheck,
];
