import { loadConfig } from "./src/config.js";

const config = loadConfig();
console.log(`listening on ${config.host}:${config.port} (log level ${config.logLevel})`);
