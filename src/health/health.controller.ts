import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public, QuotaExempt } from '../access/access.decorators.js';
import { SERVICE_VERSION } from '../config/version.js';
import { LivenessDto, ReadinessDto } from './health.dto.js';
import { HealthService } from './health.service.js';

/** Probes for load balancers and orchestrators (outside /api/v1). */
@ApiTags('health')
@Public()
// Probes are never refused for a caller's quota, and never use it up.
@QuotaExempt()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: '存活检查 / Liveness probe' })
  @ApiOkResponse({ type: LivenessDto, description: '进程存活 / The process is alive' })
  live(): LivenessDto {
    return { status: 'ok', version: SERVICE_VERSION };
  }

  @Get('ready')
  @ApiOperation({ summary: '就绪检查（数据库、迁移、启动阶段）/ Readiness probe (database, migrations, start-up phase)' })
  @ApiOkResponse({ type: ReadinessDto, description: '可以服务 / Ready to serve' })
  @ApiServiceUnavailableResponse({
    type: ReadinessDto,
    description: '启动中、停止中、数据库不可用或迁移未完成 / Starting (phase, and the seeding step), stopping, database down or migrations pending',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessDto> {
    const readiness = await this.health.readiness();
    if (!readiness.ready) void reply.status(503);
    return readiness;
  }
}
