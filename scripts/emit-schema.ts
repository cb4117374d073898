import "reflect-metadata";
import { printSubgraphSchema } from "@apollo/subgraph";
import { writeFileSync } from "node:fs";
import { buildLockGraphSchema } from "../src/schema/build-schema.js";

/** Writes the subgraph schema to schema.graphql (committed; test/schema/schema-drift.test.ts fails when it drifts). */
const sdl = printSubgraphSchema(await buildLockGraphSchema());
writeFileSync(new URL("../../schema.graphql", import.meta.url), `${sdl}\n`);
