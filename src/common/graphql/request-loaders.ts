import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import DataLoader from 'dataloader';

/**
 * DataLoaders that live for one GraphQL request: every relation field on a list type loads
 * through one, so a page of N items costs one query per relation, not N (no N+1).
 */
export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  /** The loader named `name` for this request, created on first use from `batch`. */
  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { cache: true }) as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders batch results to match the keys (missing → `fallback`), as DataLoader requires. */
export function alignToKeys<K, V, F = null>(keys: readonly K[], rows: V[], keyOf: (row: V) => K, fallback: F = null as F): (V | F)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? fallback);
}

/** Groups batch results per key (for one-to-many relations). */
export function groupByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/** The request's loaders, as a resolver parameter: `@Loaders() loaders: RequestLoaders`. */
export const Loaders = createParamDecorator((_: unknown, context: ExecutionContext): RequestLoaders => {
  const graphqlContext = GqlExecutionContext.create(context).getContext<{ loaders?: RequestLoaders }>();
  graphqlContext.loaders ??= new RequestLoaders();
  return graphqlContext.loaders;
});
