/**
 * The environment of programmatic runs (Run, the agent's commands). The runtime always attaches a
 * pseudo-terminal, so tools believe a person is watching: they ask questions nobody answers (npx's
 * "Ok to proceed?") and draw spinners and colours into output that is stored and read by a model.
 * These settings make them proceed and print plain lines. The interactive shell does not get them.
 */
export const quietEnvironment: Readonly<Record<string, string>> = {
  CI: "1",
  npm_config_yes: "true",
  npm_config_progress: "false",
  npm_config_fund: "false",
  npm_config_audit: "false",
  npm_config_update_notifier: "false",
  npm_config_color: "false",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};
