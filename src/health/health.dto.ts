import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

/** `/health`: the process is alive. */
@ObjectType('Liveness', { description: '存活状态 / Liveness' })
export class LivenessDto {
  @Field({ description: '总是 ok / Always ok while the process answers' })
  @ApiProperty({ example: 'ok' })
  status: string;

  @Field({ description: '服务版本 / Service version' })
  @ApiProperty({ example: '0.1.0' })
  version: string;
}

/** `/health/ready`: the database answers and the schema is current. */
@ObjectType('Readiness', { description: '就绪状态 / Readiness' })
export class ReadinessDto {
  @Field({ description: '可以服务 / Able to serve requests' })
  @ApiProperty()
  ready: boolean;

  @Field({ description: '数据库 up|down / Database reachability' })
  @ApiProperty({ enum: ['up', 'down'] })
  database: string;

  @Field({ description: '迁移 applied|pending|unknown / Schema migrations' })
  @ApiProperty({ enum: ['applied', 'pending', 'unknown'] })
  migrations: string;
}
