import { GraphQLScalarType } from "graphql";
import { GraphQLDateTime } from "graphql-scalars";

const dateTime = GraphQLDateTime.toConfig();

/**
 * `DateTime` (the contract's name): ISO-8601, serialised in UTC. graphql-scalars
 * validates and hands back a Date; it is turned into its ISO string here, once, so the
 * response is plain JSON data (a Date costs a `toJSON` call inside every stringify).
 */
export const DateTime = new GraphQLScalarType({
  ...dateTime,
  serialize: (value) => (dateTime.serialize(value) as Date).toISOString(),
});
