import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeKeysetCursor, DEFAULT_PAGE_SIZE, fetchKeysetPage, MAX_PAGE_SIZE, type KeysetOrder } from './keyset.js';

/** `?cursor=…&limit=…` on every REST list. */
export class CursorQuery {
  @ApiPropertyOptional({ description: '上一页返回的 nextCursor / nextCursor from the previous page', maxLength: 512 })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ description: `每页条数 / Page size`, default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

export interface CursorPageShape<T> {
  items: T[];
  nextCursor: string | null;
}

/** Swagger type for a page of `item`: `class StationPage extends CursorPage(StationDto) {}`. */
export function CursorPage<T>(item: Type<T>): Type<CursorPageShape<T>> {
  abstract class Page {
    @ApiProperty({ type: item, isArray: true, description: '本页条目 / The items of this page' })
    items: T[];

    @ApiProperty({ type: String, nullable: true, description: '下一页游标；为空表示没有更多 / Cursor of the next page; null at the end' })
    nextCursor: string | null;
  }
  return Page as unknown as Type<CursorPageShape<T>>;
}

/** One REST page by keyset. */
export async function toCursorPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  order: KeysetOrder<T>,
  request: CursorQuery,
): Promise<CursorPageShape<T>> {
  if (request.cursor) decodeKeysetCursor(request.cursor, 'cursor', order);
  const page = await fetchKeysetPage(query, order, { first: request.limit ?? DEFAULT_PAGE_SIZE, after: request.cursor });
  return { items: page.rows.map((r) => r.row), nextCursor: page.hasNextPage ? page.rows.at(-1)!.cursor : null };
}
