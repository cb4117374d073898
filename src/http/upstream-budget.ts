import type { ApolloServerPlugin } from "@apollo/server";
import {
  GraphQLError,
  Kind,
  valueFromASTUntyped,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { Context } from "../context.js";
import { MAX_OBJECT_IDS_PER_UPDATE } from "../vendors/imodels/protocol.js";
import { budgetMessage } from "../services/request-scope.js";

/** Root fields whose vendor calls grow with a list argument: one call per entry. */
const CALLS_PER_ENTRY: Record<string, string> = {
  documentLocks: "documentIds",
  fileReservations: "fileIds",
  _entities: "representations",
};

/**
 * LOCKGRAPH_MAX_UPSTREAM_CALLS_PER_REQUEST, checked before anything runs where the count is
 * known up front: every root field (each alias counts) costs a call, a list field one per
 * entry, `_entities` one per representation, an iModels acquire one per 1,000 objects and
 * a read-back. What only the vendors' answers reveal (pages, release chunks) is counted as
 * it happens by the request's CallScope.
 */
export function upstreamBudgetPlugin(max: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) return;
          const fragments = new Map(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          const estimate = rootCalls(operation, fragments, request.variables ?? {});
          if (estimate > max) {
            throw new GraphQLError(budgetMessage(max), {
              extensions: { code: "BAD_USER_INPUT", estimatedCalls: estimate, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

function rootCalls(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  let calls = 0;
  const visit = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, seen);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value))
          visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
      } else if (!selection.name.value.startsWith("__")) {
        const args = Object.fromEntries(
          (selection.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]),
        );
        calls += fieldCalls(selection.name.value, args);
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return calls;
}

function fieldCalls(field: string, args: Record<string, unknown>): number {
  const listArgument = CALLS_PER_ENTRY[field];
  if (listArgument) return lengthOf(args[listArgument]);
  if (field === "acquireIModelLocks") {
    const objectIds = (args.input as { objectIds?: unknown } | undefined)?.objectIds;
    return Math.ceil(lengthOf(objectIds) / MAX_OBJECT_IDS_PER_UPDATE) + 1;
  }
  return 1;
}

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 1;
}
