import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Worker } from '../worker.entity.js';

/** A worker as every response shows them: personal data masked. */
@ObjectType('WorkerProfile', { description: '劳动者（个人信息已脱敏）/ A worker, personal data masked' })
export class WorkerProfileDto {
  @Field(() => ID) @ApiProperty() id: string;
  @Field(() => String, { nullable: true, description: '姓名（脱敏）/ Name, masked' })
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 60, description: '姓名（脱敏）/ Name, masked', example: '张*三' })
  name: string | null;
  @Field(() => String, { nullable: true, description: '手机号（脱敏）/ Phone, masked' })
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 11, description: '手机号（脱敏）/ Phone, masked', example: '138****1234' })
  phone: string | null;
  @Field(() => String, { nullable: true, description: '身份证号（脱敏）/ ID number, masked' })
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 18, description: '身份证号（脱敏）/ ID number, masked', example: '430***********123X' })
  idNumber: string | null;
  @Field(() => String, { nullable: true, description: '性别 MALE|FEMALE / Gender' }) @ApiPropertyOptional() gender: string | null;

  static from(worker: Worker): WorkerProfileDto {
    return { id: worker.id, name: worker.nameMasked, phone: worker.phoneMasked, idNumber: worker.idNumberMasked, gender: worker.gender };
  }
}

/** What a worker may fill in about themselves. */
@InputType('UpdateMyProfileInput')
export class UpdateMyProfileInput {
  @Field({ nullable: true, description: '姓名 / Name' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  name?: string;

  @Field({ nullable: true, description: '身份证号 / National ID number (GB 11643)' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(18)
  idNumber?: string;

  @Field({ nullable: true, description: '性别 MALE|FEMALE / Gender' })
  @ApiPropertyOptional({ enum: ['MALE', 'FEMALE'] })
  @IsOptional()
  @IsIn(['MALE', 'FEMALE'])
  gender?: string;
}
