import "reflect-metadata";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { MapperKind, mapSchema, printSchemaWithDirectives } from "@graphql-tools/utils";
import { GraphQLObjectType, parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";
import { entityResolvers, entityTypes, resolvers } from "../resolvers/index.js";

// Federation 2 (CONTRACT.md): the subgraph links the spec and imports only what it uses.
const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

/**
 * The one federation helper: type-graphql builds the schema from the classes, it is
 * printed with its directives (plain `printSchema` drops `@key`), and
 * `buildSubgraphSchema` adds `_service`, `_entities` and the reference resolvers.
 * Built once at start-up; nothing per request.
 */
export async function buildLockGraphSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: resolvers as unknown as NonEmptyArray<Function>,
    orphanedTypes: [...entityTypes],
    skipCheck: true,
    validate: false,
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(describeRootTypes(schema))}`);
  const map = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typename, reference] of Object.entries(entityResolvers)) {
    map[typename] = { ...(map[typename] as object), ...reference } as GraphQLResolverMap<unknown>[string];
  }
  return buildSubgraphSchema({ typeDefs, resolvers: map });
}

const ROOT_DESCRIPTIONS: Record<string, string> = {
  Query: "Who holds what: live reads of locks, checkouts and reservations across every vendor.",
  Mutation: "Acquire, renew and release locks, checkouts and reservations at their vendors.",
};

/** type-graphql cannot describe the root types; Apollo Studio shows these descriptions. */
function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.ROOT_OBJECT]: (type) => new GraphQLObjectType({ ...type.toConfig(), description: ROOT_DESCRIPTIONS[type.name] ?? null }),
  });
}
