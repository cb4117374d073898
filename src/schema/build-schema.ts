import "reflect-metadata";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { MapperKind, mapSchema, printSchemaWithDirectives } from "@graphql-tools/utils";
import { GraphQLEnumType, GraphQLObjectType, parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, type NonEmptyArray, type PubSub } from "type-graphql";
import { entityResolvers, entityTypes, resolvers } from "../resolvers/index.js";
import type { VendorDefinition } from "../vendors/definition.js";
import { VENDORS } from "../vendors/registry.js";

export interface SchemaOptions {
  /** The vendors whose providers the `Provider` enum lists; the registry's unless a test adds some. */
  vendors?: readonly VendorDefinition[];
}

// Federation 2 (docs/contract.md, "Federation"): the subgraph links the spec and imports only what it uses;
// 2.4 is the first whose routers take a subgraph's Subscription type.
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.4", import: ["@key"])';

/**
 * The one federation helper: type-graphql builds the schema from the classes, it is
 * printed with its directives (plain `printSchema` drops `@key`), and
 * `buildSubgraphSchema` adds `_service`, `_entities` and the reference resolvers.
 * Built once at start-up; nothing per request.
 */
export async function buildLockGraphSchema(options: SchemaOptions = {}): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    // biome-ignore lint/complexity/noBannedTypes: type-graphql types its resolver classes as Function.
    resolvers: resolvers as unknown as NonEmptyArray<Function>,
    orphanedTypes: [...entityTypes],
    skipCheck: true,
    validate: false,
    pubSub: NO_PUBSUB,
  });
  const shaped = describeRootTypes(withProviders(schema, options.vendors ?? VENDORS));
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(shaped)}`);
  const map = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typename, reference] of Object.entries(entityResolvers)) {
    map[typename] = { ...(map[typename] as object), ...reference } as GraphQLResolverMap<unknown>[string];
  }
  return buildSubgraphSchema({ typeDefs, resolvers: map });
}

/**
 * type-graphql insists on a PubSub once any subscription exists, but each of ours brings its
 * own `subscribe` (the events hub, src/events): this one is never reached.
 */
const NO_PUBSUB: PubSub = {
  publish() {
    throw new Error("LockGraph publishes through the ledger, not type-graphql's PubSub");
  },
  subscribe() {
    throw new Error("LockGraph subscribes through the events hub, not type-graphql's PubSub");
  },
};

const ROOT_DESCRIPTIONS: Record<string, string> = {
  Query: "Who holds what: live reads of locks, checkouts and reservations across every vendor.",
  Mutation: "Acquire, renew and release locks, checkouts and reservations at their vendors.",
  Subscription:
    "Hold events as they happen, over GraphQL over WebSocket at the same /graphql (docs/events.md).",
};

/** type-graphql cannot describe the root types; Apollo Studio shows these descriptions. */
function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.ROOT_OBJECT]: (type) =>
      new GraphQLObjectType({ ...type.toConfig(), description: ROOT_DESCRIPTIONS[type.name] ?? null }),
  });
}

/** The `Provider` enum lists every vendor served, so a vendor plugged in from outside src/ (a test's) is one too. */
function withProviders(schema: GraphQLSchema, vendors: readonly VendorDefinition[]): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.ENUM_TYPE]: (type) => {
      if (type.name !== "Provider") return type;
      const config = type.toConfig();
      const values = { ...config.values };
      for (const { provider, description } of vendors) values[provider] ??= { value: provider, description };
      return new GraphQLEnumType({ ...config, values });
    },
  });
}
