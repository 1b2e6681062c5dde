import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getVariableValues,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../errors/domain-error.js';
import { MAX_PRICED_REPEATS, PRICED_FIELD_THRESHOLD } from './field-costs.js';

/** Arguments whose values set a field's cost (see `connectionEstimator`). */
const SIZE_ARGUMENTS = new Set(['first', 'last', 'limit']);

/** Lists cost their page size times what each item costs; everything else costs 1. */
const connectionEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = Number(args.first ?? args.last ?? args.limit ?? 0);
  return size > 0 ? 1 + size * Math.max(childComplexity, 1) : undefined;
};

/** Deepest field nesting of an operation; introspection fields (`__schema`) do not count. */
export function selectionDepth(
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  visited = new Set<string>(),
): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + selectionDepth(selection.selectionSet, fragments, visited));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, fragments, visited));
    } else {
      const name = selection.name.value;
      if (visited.has(name) || !fragments[name]) continue;
      deepest = Math.max(deepest, selectionDepth(fragments[name].selectionSet, fragments, new Set(visited).add(name)));
    }
  }
  return deepest;
}

function operationDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  return Math.max(0, ...operations.map((op) => selectionDepth((op as { selectionSet: SelectionSetNode }).selectionSet, fragments)));
}

/**
 * The variables an operation's cost can depend on: those inside a page-size argument (`first: $n`)
 * or inside a directive (`@include(if: $x)` decides which fields count). Every other variable (a
 * latitude, a search term) leaves depth and cost unchanged.
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  let inside = 0;
  visit(document, {
    Argument: {
      enter: (node) => void (SIZE_ARGUMENTS.has(node.name.value) && inside++),
      leave: (node) => void (SIZE_ARGUMENTS.has(node.name.value) && inside--),
    },
    Directive: { enter: () => void inside++, leave: () => void inside-- },
    Variable: (node) => void (inside > 0 && names.add(node.name.value)),
  });
  return [...names].sort();
}

/**
 * The priced field (FIELD_COSTS) a document asks for most often, under any aliases, and how often:
 * twenty aliased `overview`s in one request are twenty region-wide aggregations.
 */
export function mostRepeatedPricedField(schema: GraphQLSchema, document: DocumentNode): { field: string; count: number } | undefined {
  const typeInfo = new TypeInfo(schema);
  const counts = new Map<string, number>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: () => {
        const field = typeInfo.getFieldDef();
        const price = field?.extensions?.complexity;
        if (typeof price !== 'number' || price < PRICED_FIELD_THRESHOLD) return;
        const key = `${typeInfo.getParentType()?.name}.${field!.name}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      },
    }),
  );
  let most: { field: string; count: number } | undefined;
  for (const [field, count] of counts) if (!most || count > most.count) most = { field, count };
  return most;
}

/** What the limits are checked against, for one operation of a document and its cost variables. */
interface Measured {
  depth: number;
  cost: number;
}

interface DocumentMeasures {
  costVariables: string[];
  repeated?: { field: string; count: number };
  byKey: Map<string, Measured>;
}

/** Distinct (operation, page sizes) kept per document; past this the document's entries start over. */
const MAX_MEASURES_PER_DOCUMENT = 256;

function tooComplex(message: string, extra: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, ...extra, http: { status: 400 } } });
}

/**
 * Refuses operations deeper or costlier than configured, before any resolver runs.
 *
 * Depth and cost are a function of the parsed document, the operation name and the cost variables
 * only, so they are remembered per document (Apollo hands the same DocumentNode for the same query
 * text from its document cache): a client repeating a query with other coordinates pays for neither
 * walk again. A document is never measured with variables it has not been measured with.
 */
export function queryLimitsPlugin(limits: { maxDepth: number; maxCost: number }): ApolloServerPlugin {
  const measures = new WeakMap<DocumentNode, DocumentMeasures>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          let known = measures.get(document);
          if (!known) {
            known = { costVariables: costVariables(document), repeated: mostRepeatedPricedField(schema, document), byKey: new Map() };
            measures.set(document, known);
          }
          if (known.repeated && known.repeated.count > MAX_PRICED_REPEATS) {
            throw tooComplex(`${known.repeated.field} is asked for ${known.repeated.count} times; at most ${MAX_PRICED_REPEATS} in one request`, {
              repeats: known.repeated.count,
              maxRepeats: MAX_PRICED_REPEATS,
            });
          }
          const variables = request.variables ?? {};
          // An absent variable (its default applies) and an explicit null are different inputs.
          const key = JSON.stringify([
            request.operationName ?? null,
            ...known.costVariables.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : [])),
          ]);
          let measured = known.byKey.get(key);
          if (!measured) {
            // Variables that do not fit their types (an unknown enum value) cannot be measured; Apollo's
            // own check refuses them next, before any resolver runs, as BAD_USER_INPUT (400), and does so
            // the same way whether or not this document was measured before.
            if (getVariableValues(schema, operation?.variableDefinitions ?? [], variables).errors) return;
            measured = { depth: operationDepth(document, request.operationName), cost: 0 };
            if (measured.depth <= limits.maxDepth) {
              try {
                measured.cost = getComplexity({
                  schema,
                  query: document,
                  operationName: request.operationName ?? undefined,
                  variables,
                  estimators: [fieldExtensionsEstimator(), connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
                });
              } catch (error) {
                throw new GraphQLError(error instanceof Error ? error.message : String(error), {
                  extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
                });
              }
            }
            if (known.byKey.size >= MAX_MEASURES_PER_DOCUMENT) known.byKey.clear();
            known.byKey.set(key, measured);
          }
          if (measured.depth > limits.maxDepth) {
            throw tooComplex(`Query depth ${measured.depth} exceeds the limit of ${limits.maxDepth}`, { depth: measured.depth, maxDepth: limits.maxDepth });
          }
          if (measured.cost > limits.maxCost) {
            throw tooComplex(`Query cost ${measured.cost} exceeds the limit of ${limits.maxCost}`, { cost: measured.cost, maxCost: limits.maxCost });
          }
        },
      };
    },
  };
}
