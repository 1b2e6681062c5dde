import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Connection, ConnectionArgs } from '../../common/pagination/connection.types.js';
import { CursorPage, CursorQuery } from '../../common/pagination/cursor-page.js';
import { Industry } from '../../reference/industries/industry.enum.js';
import type { Worker } from '../worker.entity.js';
import { ApiField } from '../../common/fields/api-field.js';

const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;
const TOWNSHIP_CODE = /^\d{9}$/;

/** A worker person record as staff see it: personal data masked. */
@ObjectType('Worker', { description: '劳动者（个人信息已脱敏）/ A worker person record, personal data masked' })
export class WorkerDto {
  @ApiField(() => ID, { description: '编号 / Id', openapi: { format: 'uuid' } })
  id: string;
  @ApiField(() => String, { nullable: true, description: '姓名（脱敏）/ Name, masked', example: '张*三', openapi: { type: String } })
  name: string | null;
  @ApiField(() => String, { nullable: true, description: '手机号（脱敏）/ Phone, masked', example: '138****1234', openapi: { type: String } })
  phone: string | null;
  @ApiField(() => String, { nullable: true, description: '身份证号（脱敏）/ ID number, masked', example: '430***********123X', openapi: { type: String } })
  idNumber: string | null;
  @ApiField(() => String, { nullable: true, description: '性别 MALE|FEMALE / Gender', openapi: { type: String } })
  gender: string | null;
  @ApiField(() => Industry, { nullable: true, description: '行业 / Industry', openapi: { enum: Industry, enumName: 'Industry' } })
  industry: Industry | null;
  @ApiField(() => String, { nullable: true, description: '所在乡镇代码 / Township code', example: '431126001', openapi: { type: String } })
  townshipCode: string | null;
  @ApiField(() => String, { nullable: true, description: '所在县代码 / County code', example: '431126', openapi: { type: String } })
  countyCode: string | null;
  @ApiField(() => ID, { nullable: true, description: '已合并到的记录 / The record this one was merged into', openapi: { type: String } })
  mergedIntoId: string | null;
  @ApiField({ description: '创建时间 / Created' })
  createdAt: Date;

  static from(worker: Worker): WorkerDto {
    return {
      id: worker.id,
      name: worker.nameMasked,
      phone: worker.phoneMasked,
      idNumber: worker.idNumberMasked,
      gender: worker.gender,
      industry: worker.industry as Industry | null,
      townshipCode: worker.township?.code ?? null,
      countyCode: worker.countyCode,
      mergedIntoId: worker.mergedIntoId,
      createdAt: worker.createdAt,
    };
  }
}

@ObjectType('WorkerConnection', { description: '劳动者列表 / Workers, page by page' })
export class WorkerConnection extends Connection(WorkerDto, 'Worker') {}

/** A REST page of workers. */
export class WorkerPage extends CursorPage(WorkerDto) {}

/** `POST /workers`, `createWorker(input)`: an officer records a worker (a phone or an ID number is required). */
@InputType('CreateWorkerInput', { description: '登记劳动者 / Record a worker' })
export class CreateWorkerInput {
  @ApiField({ description: '姓名 / Name', maxLength: 50, example: '张小三', openapi: { maxLength: 50 } })
  @IsNotEmpty()
  name: string;

  @ApiField({ description: '手机号 / Mobile phone', optional: true, maxLength: 20, example: '13800138000' })
  phone?: string;

  @ApiField({ description: '身份证号 / National ID number (GB 11643)', optional: true, maxLength: 18, example: '11010519491231002X' })
  idNumber?: string;

  @ApiField({ description: '性别 MALE|FEMALE / Gender', optional: true, openapi: { enum: ['MALE', 'FEMALE'] } })
  @IsIn(['MALE', 'FEMALE'])
  gender?: string;

  @ApiField(() => Industry, { description: '行业 / Industry', optional: true, openapi: { enum: Industry, enumName: 'Industry' } })
  @IsEnum(Industry)
  industry?: Industry;

  @ApiField({ description: '所在乡镇代码（9 位）/ Township code (9 digits)', optional: true, example: '431126001' })
  @Matches(TOWNSHIP_CODE, { message: 'must be a township code of 9 digits' })
  townshipCode?: string;
}

/** `POST /workers/merge`, `mergeWorkers(input)`: the source record is folded into the target, every reference moved. */
@InputType('MergeWorkersInput', { description: '合并重复的劳动者记录 / Merge a duplicate worker record into another' })
export class MergeWorkersInput {
  @ApiField(() => ID, { description: '被合并（将失效）的记录 / The duplicate, which will only redirect afterwards', openapi: { format: 'uuid' } })
  @IsUUID()
  sourceId: string;

  @ApiField(() => ID, { description: '保留的记录 / The record kept', openapi: { format: 'uuid' } })
  @IsUUID()
  targetId: string;
}

/** Filters shared by the GraphQL and REST worker lists. */
export interface WorkerFilter {
  regionCode?: string;
  industry?: Industry;
  phone?: string;
  idNumber?: string;
}

/** `workers(regionCode, industry, phone, idNumber, first, after)`. */
@ArgsType()
export class WorkersArgs extends ConnectionArgs implements WorkerFilter {
  @Field({ nullable: true, description: '区划（含下级）/ Region, subtree included' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a region code of 6, 9 or 12 digits' })
  regionCode?: string;

  @Field(() => Industry, { nullable: true, description: '行业 / Industry' })
  @IsOptional()
  @IsEnum(Industry)
  industry?: Industry;

  @Field({ nullable: true, description: '手机号精确匹配 / Exact phone' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string;

  @Field({ nullable: true, description: '身份证号精确匹配 / Exact ID number' })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  idNumber?: string;
}

/** `GET /workers?regionCode=&industry=&phone=&idNumber=&cursor=&limit=`. */
export class WorkerListQuery extends CursorQuery implements WorkerFilter {
  @ApiPropertyOptional({ description: '区划（含下级）/ Region, subtree included', example: '431126' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'must be a region code of 6, 9 or 12 digits' })
  regionCode?: string;

  @ApiPropertyOptional({ enum: Industry, enumName: 'Industry', description: '行业 / Industry' })
  @IsOptional()
  @IsEnum(Industry)
  industry?: Industry;

  @ApiPropertyOptional({ description: '手机号精确匹配 / Exact phone' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string;

  @ApiPropertyOptional({ description: '身份证号精确匹配 / Exact ID number' })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  idNumber?: string;
}
