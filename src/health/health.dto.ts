import { ObjectType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ApiField } from '../common/fields/api-field.js';

/** `/health`: the process is alive. */
@ObjectType('Liveness', { description: '存活状态 / Liveness' })
export class LivenessDto {
  @ApiField({ description: '总是 ok / Always ok while the process answers', example: 'ok' })
  status: string;

  @ApiField({ description: '服务版本 / Service version', example: '0.1.0' })
  version: string;
}

/** `/health/ready`: the database answers and the schema is current; while starting, how far the start has come (503). */
@ObjectType('Readiness', { description: '就绪状态 / Readiness' })
export class ReadinessDto {
  @ApiField({ description: '可以服务 / Able to serve requests' })
  ready: boolean;

  @ApiField({ description: '数据库 up|down / Database reachability', openapi: { enum: ['up', 'down'] } })
  database: string;

  @ApiField({ description: '迁移 applied|pending|unknown / Schema migrations', openapi: { enum: ['applied', 'pending', 'unknown'] } })
  migrations: string;

  @ApiField({
    description: '阶段 / Phase: serving once started; before that (REST only, 503) starting, database, migrating, seeding; stopping',
    example: 'serving',
    openapi: { enum: ['starting', 'database', 'migrating', 'seeding', 'serving', 'stopping'] },
  })
  phase: string;

  @ApiPropertyOptional({ description: '演示数据当前步骤 / While seeding the demo county: the step under way', example: 'workers' })
  step?: string;

  @ApiPropertyOptional({ description: '已完成步骤 / While seeding: steps done', example: 2 })
  done?: number;

  @ApiPropertyOptional({ description: '步骤总数 / While seeding: steps in all', example: 10 })
  total?: number;
}
