import { ApiProperty } from '@nestjs/swagger';

/**
 * What a REST response names beside a bare reference id (`townshipId` → `township`): the record it
 * points at, as id, code and name, so a list reads without a look-up per row. Never personal data:
 * only reference records (regions, departments, categories, grids, stations) are named. GraphQL
 * resolves the full related objects instead, so this type is REST only.
 */
export class RefDto {
  @ApiProperty({ description: '编号（与旁边的 …Id 相同）/ Id, the same as the …Id beside it', format: 'uuid' })
  id: string;

  @ApiProperty({
    description:
      '编码：区划代码、类别代码、网格编码或驿站编码；部门无编码，为“所属区划代码:部门类别” / Code: the region, category, grid or station code; a department, which has none, gives "region code:kind"',
    example: '431126001',
    maxLength: 32,
  })
  code: string;

  @ApiProperty({ description: '名称 / Name', example: '舜陵街道', maxLength: 200 })
  name: string;
}

/**
 * A REST-only property naming a referenced record as `RefDto` (`{id, code, name}`). Always present in
 * the response; `nullable` when the reference may be missing (no department yet: null). The
 * description says which record it names, Chinese first.
 */
export function ApiRef(description: string, options: { nullable?: boolean } = {}): PropertyDecorator {
  return ApiProperty({ type: RefDto, description, ...(options.nullable && { nullable: true }) });
}
