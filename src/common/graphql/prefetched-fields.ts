import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';

/** Where an object returned to GraphQL keeps the relation values it was read with (see `withPrefetched`). */
const PREFETCHED = Symbol('newforce.prefetched');

type Prefetched = Record<string, unknown>;

/**
 * Marks `node` as read together with the values of some of its relation fields (field name → the value
 * the field resolver would return, already as the API shows it: DTOs, masked for the caller's view). Those
 * fields then answer from it, synchronously, without calling their resolver: a page read in one statement
 * costs no loader, no promise and no NestJS parameter and pipe round per relation per item. Only for
 * fields that take no arguments; the value must be what the resolver would give this caller.
 */
export function withPrefetched<T extends object>(node: T, values: Prefetched): T {
  Object.defineProperty(node, PREFETCHED, { value: values, enumerable: false });
  return node;
}

type FieldResolver = GraphQLFieldResolver<unknown, unknown>;
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

function answeringPrefetched(resolve: FieldResolver): FieldResolver {
  return function (parent, args, context, info: GraphQLResolveInfo) {
    const prefetched = (parent as { [PREFETCHED]?: Prefetched } | null)?.[PREFETCHED];
    if (prefetched !== undefined && info.fieldName in prefetched && info.parentType.getFields()[info.fieldName].args.length === 0) {
      return prefetched[info.fieldName];
    }
    return resolve(parent, args, context, info);
  };
}

/**
 * The resolver map with every object type's field resolver first looking for a prefetched value
 * (`withPrefetched`); given to the GraphQL module as `transformResolvers`. Root fields and scalars are left as they are.
 */
export function answerPrefetchedFields<R extends object>(resolvers: R | R[]): R | R[] {
  return Array.isArray(resolvers) ? resolvers.map(wrapTypes) : wrapTypes(resolvers);
}

function wrapTypes<R extends object>(resolvers: R): R {
  return Object.fromEntries(
    Object.entries(resolvers).map(([typeName, fields]) => {
      if (ROOT_TYPES.has(typeName) || !fields || typeof fields !== 'object' || fields.constructor !== Object) return [typeName, fields];
      return [typeName, Object.fromEntries(Object.entries(fields as Record<string, unknown>).map(([field, resolver]) => [field, wrapField(field, resolver)]))];
    }),
  ) as R;
}

function wrapField(field: string, resolver: unknown): unknown {
  if (field.startsWith('__')) return resolver; // __resolveType, __isTypeOf: not field resolvers
  if (typeof resolver === 'function') return answeringPrefetched(resolver as FieldResolver);
  if (resolver && typeof resolver === 'object' && typeof (resolver as { resolve?: unknown }).resolve === 'function') {
    const r = resolver as { resolve: FieldResolver };
    return { ...r, resolve: answeringPrefetched(r.resolve) };
  }
  return resolver;
}
