import { PROVIDERS } from "../src/schema/provider.enum.js";
import { SimulatorHost } from "../src/simulators/host.js";

/**
 * All five simulators in a process of their own, so the benchmark's targets do not share
 * an event loop with them. Prints `{"PROVIDER": "http://..."}` once listening.
 */
const host = await SimulatorHost.start(PROVIDERS);
process.stdout.write(`${JSON.stringify(Object.fromEntries(PROVIDERS.map((p) => [p, host.url(p)])))}\n`);
process.once("SIGTERM", () => host.close().then(() => process.exit(0)));
