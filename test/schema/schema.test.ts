import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { printSubgraphSchema } from "@apollo/subgraph";
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from "graphql";
import { buildLockGraphSchema } from "../../src/schema/build-schema.js";

const schemaFile = new URL("../../../schema.graphql", import.meta.url);

/** Types federation and graphql-js add; their descriptions are not ours to write. */
const isOwnType = (name: string) =>
  !name.startsWith("_") &&
  !name.startsWith("link__") &&
  !name.startsWith("federation__") &&
  !["String", "Boolean", "Int", "ID", "Float"].includes(name);

function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap()).filter((t) => isOwnType(t.name))) {
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.name.startsWith("_")) continue;
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of "args" in field ? field.args : [])
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type))
      for (const value of type.getValues())
        if (!value.description) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

describe("the subgraph schema", () => {
  it("matches the committed schema.graphql (run `npm run schema` after changing it)", async () => {
    const sdl = `${printSubgraphSchema(await buildLockGraphSchema())}\n`;
    assert.equal(sdl, readFileSync(schemaFile, "utf8"));
  });

  it("links Federation 2 and keys Lock and Reservation by id", async () => {
    const sdl = printSubgraphSchema(await buildLockGraphSchema());
    assert.match(sdl, /@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    assert.match(sdl, /type Lock implements Node & Hold\s+@key\(fields: "id"\)/);
    assert.match(sdl, /type Reservation implements Node & Hold\s+@key\(fields: "id"\)/);
  });

  it("describes every public type, field, argument and enum value (Apollo Studio shows them)", async () => {
    assert.deepEqual(undocumented(await buildLockGraphSchema()), []);
  });
});
