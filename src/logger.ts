import { pino, type DestinationStream, type Logger } from "pino";
import { CREDENTIAL_HEADERS } from "./vendors/registry.js";

/** Every header that can carry a secret, wherever a log line nests headers. */
const SECRET_HEADERS = ["authorization", "cookie", "set-cookie", ...Object.values(CREDENTIAL_HEADERS)];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const paths = SECRET_HEADERS.flatMap((h) => [
    `headers["${h}"]`,
    `*.headers["${h}"]`,
    `*.*.headers["${h}"]`,
  ]);
  return pino(
    { level, redact: { paths, censor: "[REDACTED]" }, base: { service: "lockgraph" } },
    destination,
  );
}
