import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../errors/domain-error.js';

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
  const operations = document.definitions.filter(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  return Math.max(0, ...operations.map((op) => selectionDepth((op as { selectionSet: SelectionSetNode }).selectionSet, fragments)));
}

function tooComplex(message: string, extra: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, ...extra, http: { status: 400 } } });
}

/** Refuses operations deeper or costlier than configured, before any resolver runs. */
export function queryLimitsPlugin(limits: { maxDepth: number; maxCost: number }): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const depth = operationDepth(document, request.operationName);
          if (depth > limits.maxDepth) {
            throw tooComplex(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}`, { depth, maxDepth: limits.maxDepth });
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (error) {
            // Variables that do not fit their types (an unknown enum value) fail here before Apollo's own
            // check could say so: report them as the client's mistake, not as a server error.
            throw new GraphQLError(error instanceof Error ? error.message : String(error), {
              extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
            });
          }
          if (cost > limits.maxCost) {
            throw tooComplex(`Query cost ${cost} exceeds the limit of ${limits.maxCost}`, { cost, maxCost: limits.maxCost });
          }
        },
      };
    },
  };
}
