/** Hard limits that every edge (API, sandbox, agent tools) enforces; the UI shows them in errors. */
export const limits = {
  pathMaxLength: 1024,
  pathMaxDepth: 32,
  segmentMaxLength: 255,
  fileMaxBytes: 10 * 1024 * 1024,
  projectMaxFiles: 5000,
  projectMaxBytes: 50 * 1024 * 1024,
  changesPerSave: 5000,
  projectNameMaxLength: 100,
  saveMessageMaxLength: 500,
} as const;
