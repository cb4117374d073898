import type { ApolloServerPlugin } from "@apollo/server";
import {
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
} from "graphql";
import type { Context } from "../context.js";

/** A leaf: it comes with its object, so it costs little. */
const LEAF_COST = 1;
/** An object: one more thing the answer holds, and the resolver that fills it. */
const OBJECT_COST = 2;
/** Tools read the schema freely; `__typename` is a leaf like any other. */
const INTROSPECTION = new Set(["__schema", "__type"]);

/**
 * The static cost of one operation (LOCKGRAPH_MAX_COST), counted before anything runs:
 * a leaf costs 1, an object 2 plus its selection, and a field that takes `first` costs that
 * many times over - with `first` as the operation gives it: a literal, a variable's value,
 * or the schema's default. Fragments add their fields at the level they are spread (they are
 * no level of their own); introspection costs nothing. graphql-armor's cost rule reads
 * neither variables nor defaults (a `$first: 100` cost as 1) and compounds a factor per
 * level, so the SDK's own operations at `first: 64` went over; this one counts what the
 * answer can hold.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
  );
  const fieldDefs = fieldDefinitions(schema, document);
  const values = { ...variableDefaults(operation), ...variables };

  const multiplier = (node: FieldNode): number => {
    const arg = fieldDefs.get(node)?.args.find((a) => a.name === "first");
    if (!arg) return 1;
    const given = node.arguments?.find((a) => a.name.value === "first");
    const value = given ? valueFromAST(given.value, arg.type, values) : arg.defaultValue;
    return typeof value === "number" && Number.isFinite(value) && value > 1 ? value : 1;
  };

  const costOf = (selectionSet: SelectionSetNode, spread: ReadonlySet<string>): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) cost += costOf(selection.selectionSet, spread);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        // Validation refuses fragment cycles before this runs; the guard only keeps it finite.
        if (fragment && !spread.has(fragment.name.value))
          cost += costOf(fragment.selectionSet, new Set([...spread, fragment.name.value]));
      } else if (INTROSPECTION.has(selection.name.value)) continue;
      else if (!selection.selectionSet) cost += LEAF_COST;
      else cost += (OBJECT_COST + costOf(selection.selectionSet, spread)) * multiplier(selection);
    }
    return cost;
  };
  return costOf(operation.selectionSet, new Set());
}

type FieldDefinitions = Map<FieldNode, GraphQLField<unknown, unknown>>;
/**
 * Per parsed document: Apollo hands every request of the same text the same DocumentNode
 * from its document store, and the typed walk over it was 7% of a lookup's CPU.
 */
const fieldDefinitionsOf = new WeakMap<DocumentNode, { schema: GraphQLSchema; defs: FieldDefinitions }>();

/** The field definition of every field node, in the document's own fragments too. */
function fieldDefinitions(schema: GraphQLSchema, document: DocumentNode): FieldDefinitions {
  const known = fieldDefinitionsOf.get(document);
  if (known?.schema === schema) return known.defs;
  const defs: FieldDefinitions = new Map();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const def = typeInfo.getFieldDef();
        if (def) defs.set(node, def);
      },
    }),
  );
  fieldDefinitionsOf.set(document, { schema, defs });
  return defs;
}

function variableDefaults(operation: OperationDefinitionNode): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue?.kind === Kind.INT)
      defaults[definition.variable.name.value] = Number(definition.defaultValue.value);
  }
  return defaults;
}

/** The refusal of an operation over the limit: what it cost, the limit, its variable and what to do. */
export function costError(cost: number, max: number): GraphQLError {
  return new GraphQLError(
    `This operation costs ${cost}, more than the limit of ${max} (LOCKGRAPH_MAX_COST): ` +
      "ask for a smaller first, fewer nested pages or fewer aliases, and page on with after.",
    { extensions: { code: "GRAPHQL_VALIDATION_FAILED", cost, maxCost: max, http: { status: 400 } } },
  );
}

/** The cost check, once the operation is known and before it runs (HTTP; WebSocket calls operationCost itself). */
export function costLimitPlugin(max: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema }) {
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {});
          if (cost > max) throw costError(cost, max);
        },
      };
    },
  };
}
