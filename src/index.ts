import "reflect-metadata";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { startLockGraph } from "./http/server.js";

// Start-up only: a bad configuration stops here with one line naming the variable.
function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`LockGraph configuration error: ${error.message}\n`);
    process.exit(1);
  }
}

const config = configOrExit();
const logger = createLogger(config.logLevel);
const lockgraph = await startLockGraph(config, logger).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== "EADDRINUSE" && error.code !== "EACCES") throw error;
  const why = error.code === "EADDRINUSE" ? "it is in use" : "permission denied";
  process.stderr.write(`LockGraph cannot listen on port ${config.port}: ${why}; set PORT to a free port.\n`);
  process.exit(1);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    logger.info({ signal, graceMs: config.shutdownGraceMs }, "shutting down: draining requests in flight");
    lockgraph.shutdown(config.shutdownGraceMs).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
