import { Query, Resolver } from '@nestjs/graphql';
import { Public, QuotaExempt } from '../access/access.decorators.js';
import { SERVICE_VERSION } from '../config/version.js';
import { LivenessDto, ReadinessDto } from './health.dto.js';
import { HealthService } from './health.service.js';

@Public()
// Probes are never refused for a caller's quota, and never use it up.
@QuotaExempt()
@Resolver()
export class HealthResolver {
  constructor(private readonly healthService: HealthService) {}

  @Query(() => LivenessDto, { description: '服务存活 / Service liveness' })
  health(): LivenessDto {
    return { status: 'ok', version: SERVICE_VERSION };
  }

  @Query(() => ReadinessDto, { description: '服务就绪 / Database and migrations status' })
  readiness(): Promise<ReadinessDto> {
    return this.healthService.readiness();
  }
}
