import { ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, Matches } from 'class-validator';
import type { Department } from '../department.entity.js';
import { DepartmentKind } from '../department-kind.enum.js';
import { ApiField } from '../../../common/fields/api-field.js';
import { OmitInput, PartialInput } from '../../../common/fields/derived-inputs.js';

const COUNTY_CODE = /^\d{6}$/;

/** A department as both APIs show it. */
@ObjectType('Department', { description: '部门 / Department' })
export class DepartmentDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;

  @ApiField({ description: '名称 / Name', example: '宁远县市场监督管理局' })
  name: string;

  @ApiField(() => DepartmentKind, { description: '类别 / Kind', openapi: { enum: DepartmentKind, enumName: 'DepartmentKind' } })
  kind: DepartmentKind;

  @ApiField({ description: '所属区划（县；乡镇部门为乡镇） / Region it belongs to (the county; a township for TOWNSHIP)', example: '431126' })
  regionCode: string;

  @ApiField({ description: '所属县代码 / County code', example: '431126' })
  countyCode: string;

  static from(department: Department & { region?: { code: string } }): DepartmentDto {
    return {
      id: department.id,
      name: department.name,
      kind: department.kind,
      regionCode: department.region!.code,
      countyCode: department.countyCode,
    };
  }
}

/** `POST /departments`, `createDepartment(input)`. */
@InputType('CreateDepartmentInput', { description: '新建部门 / New department' })
export class CreateDepartmentInput {
  @ApiField({ description: '名称 / Name', maxLength: 100, example: '宁远县邮政管理局', openapi: { maxLength: 100 } })
  @IsNotEmpty()
  name: string;

  @ApiField(() => DepartmentKind, { description: '类别 / Kind', example: 'POSTAL', openapi: { enum: DepartmentKind, enumName: 'DepartmentKind' } })
  @IsEnum(DepartmentKind)
  kind: DepartmentKind;

  @ApiField({ description: '所属区划代码：县（乡镇部门填乡镇） / Region code: the county (the township for TOWNSHIP)', example: '431126' })
  @Matches(/^(\d{6}|\d{9})$/, { message: 'must be a county (6 digits) or township (9 digits) code' })
  regionCode: string;
}

/** `PATCH /departments/{id}`, `updateDepartment(id, input)`: only the fields given change; the region stays. */
@InputType('UpdateDepartmentInput', { description: '修改部门 / Department changes' })
export class UpdateDepartmentInput extends PartialInput(OmitInput(CreateDepartmentInput, ['regionCode'])) {}

/** `GET /departments?countyCode=`. */
export class DepartmentListQuery {
  @ApiProperty({ description: '县代码 / County code', example: '431126' })
  @Matches(COUNTY_CODE, { message: 'must be a county code of 6 digits' })
  countyCode: string;
}
