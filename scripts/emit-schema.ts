import "reflect-metadata";
import { printSubgraphSchema } from "@apollo/subgraph";
import { writeFileSync } from "node:fs";
import { buildLockGraphSchema } from "../src/schema/build-schema.js";
import { VENDORS } from "../src/vendors/registry.js";
import { clientHeadersSource } from "./client-headers.js";

/**
 * Writes what is derived from the code and committed: the subgraph schema to schema.graphql
 * (test/schema/schema.test.ts fails when it drifts) and the SDK's header map to client/headers.ts.
 */
const sdl = printSubgraphSchema(await buildLockGraphSchema());
writeFileSync(new URL("../../schema.graphql", import.meta.url), `${sdl}\n`);
writeFileSync(new URL("../../client/headers.ts", import.meta.url), clientHeadersSource(VENDORS));
