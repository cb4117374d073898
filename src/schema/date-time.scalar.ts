import { GraphQLDateTime } from "graphql-scalars";

/** `DateTime` (the contract's name): ISO-8601, serialised in UTC. */
export const DateTime = GraphQLDateTime;
