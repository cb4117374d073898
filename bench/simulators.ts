import { VENDORS } from "../src/vendors/registry.js";
import { SimulatorHost } from "../src/vendors/simulator-host.js";

/**
 * All five simulators in a process of their own, so the benchmark's targets do not share
 * an event loop with them. Prints `{"PROVIDER": "http://..."}` once listening.
 */
const host = await SimulatorHost.start(VENDORS);
process.stdout.write(`${JSON.stringify(Object.fromEntries(host.providers.map((p) => [p, host.url(p)])))}\n`);
process.once("SIGTERM", () => host.close().then(() => process.exit(0)));
