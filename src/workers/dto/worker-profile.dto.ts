import { ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsIn } from 'class-validator';
import type { Worker } from '../worker.entity.js';
import { ApiField } from '../../common/fields/api-field.js';

/** A worker as every response shows them: personal data masked. */
@ObjectType('WorkerProfile', { description: '劳动者（个人信息已脱敏）/ A worker, personal data masked' })
export class WorkerProfileDto {
  @ApiField(() => ID, { description: '编号 / Id' })
  id: string;
  @ApiField(() => String, { nullable: true, description: '姓名（脱敏）/ Name, masked', example: '张*三', openapi: { type: String, maxLength: 60 } })
  name: string | null;
  @ApiField(() => String, { nullable: true, description: '手机号（脱敏）/ Phone, masked', example: '138****1234', openapi: { type: String, maxLength: 11 } })
  phone: string | null;
  @ApiField(() => String, {
    nullable: true,
    description: '身份证号（脱敏）/ ID number, masked',
    example: '430***********123X',
    openapi: { type: String, maxLength: 18 },
  })
  idNumber: string | null;
  @ApiField(() => String, { nullable: true, description: '性别 MALE|FEMALE / Gender' })
  gender: string | null;

  static from(worker: Worker): WorkerProfileDto {
    return { id: worker.id, name: worker.nameMasked, phone: worker.phoneMasked, idNumber: worker.idNumberMasked, gender: worker.gender };
  }
}

/** What a worker may fill in about themselves. */
@InputType('UpdateMyProfileInput')
export class UpdateMyProfileInput {
  @ApiField({ description: '姓名 / Name', optional: true, maxLength: 50, example: '张三' })
  name?: string;

  // An invented number of Ningyuan (431126) with a valid check character: the example must pass validation.
  @ApiField({ description: '身份证号 / National ID number (GB 11643)', optional: true, maxLength: 18, example: '431126199001010018' })
  idNumber?: string;

  @ApiField({ description: '性别 MALE|FEMALE / Gender', optional: true, example: 'MALE', openapi: { enum: ['MALE', 'FEMALE'] } })
  @IsIn(['MALE', 'FEMALE'])
  gender?: string;
}
