import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { fetchKeysetPage, MAX_PAGE_SIZE, type KeysetOrder, type KeysetPage, type PageLoader } from './keyset.js';
import { countQueryOf } from './page-statement.js';

@ObjectType({ description: '分页信息 / Relay page info' })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** Relay connection arguments shared by every GraphQL list. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `前 N 条 / Items after the cursor (max ${MAX_PAGE_SIZE})` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: '起始游标 / Cursor to start after' })
  @IsOptional()
  @IsString()
  after?: string;

  @Field(() => Int, { nullable: true, description: `后 N 条 / Items before the cursor (max ${MAX_PAGE_SIZE})` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number;

  @Field(() => String, { nullable: true, description: '结束游标 / Cursor to end before' })
  @IsOptional()
  @IsString()
  before?: string;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * Builds `XConnection` and `XEdge` GraphQL types for a node type:
 * `@ObjectType() class StationConnection extends Connection(Station) {}`.
 */
export function Connection<T>(node: Type<T>, name = node.name): Type<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: '符合条件的总数 / Items matching the filters, across all pages' })
    totalCount: number;
  }
  return ConnectionType as unknown as Type<ConnectionShape<T>>;
}

/** Runs a keyset page and the total count for a GraphQL connection. */
export async function toConnection<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  order: KeysetOrder<T>,
  args: ConnectionArgs,
  load?: PageLoader<T>,
): Promise<ConnectionShape<T>> {
  const [page, totalCount] = await Promise.all([fetchKeysetPage(query, order, args, load), query.clone().getCount()]);
  return connectionOf(page, totalCount);
}

/** Reads a page and the total count in one statement (`readPage`); `total` is null when it could not (an empty page). */
export type PageAndTotalLoader<T extends ObjectLiteral> = (
  page: SelectQueryBuilder<T>,
  count: SelectQueryBuilder<T>,
) => Promise<{ rows: T[]; total: number | null }>;

/**
 * `toConnection` in one statement for the page, its relations and the total, for hot lists: `read`
 * gets the page query and the count query and runs them together. An empty page (nothing to carry
 * the total) counts on its own.
 */
export async function toConnectionInOneStatement<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  order: KeysetOrder<T>,
  args: ConnectionArgs,
  read: PageAndTotalLoader<T>,
): Promise<ConnectionShape<T>> {
  let total: number | null = null;
  const page = await fetchKeysetPage(query, order, args, async (p) => {
    const result = await read(p, countQueryOf(query));
    total = result.total;
    return result.rows;
  });
  return connectionOf(page, total ?? (await query.clone().getCount()));
}

function connectionOf<T>(page: KeysetPage<T>, totalCount: number): ConnectionShape<T> {
  return {
    edges: page.rows.map(({ row, cursor }) => ({ node: row, cursor })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.rows[0]?.cursor ?? null,
      endCursor: page.rows.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
