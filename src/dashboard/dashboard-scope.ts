import { Injectable } from '@nestjs/common';
import type { Actor } from '../access/actor.js';
import { inScope, scopePathOf } from '../access/scope.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { Region } from '../reference/regions/region.entity.js';
import { RegionService } from '../reference/regions/region.service.js';

/**
 * The region a dashboard figure, coverage or export is asked for, if the caller may see it: it must
 * lie in the caller's region subtree (an ADMIN without a region sees everywhere). A region outside
 * the scope, above it (a township officer asking for the county) or unknown is NOT_FOUND, so
 * existence outside the scope is not revealed.
 */
@Injectable()
export class DashboardScope {
  constructor(private readonly regions: RegionService) {}

  /** The region with `code` in the caller's scope; NOT_FOUND otherwise. */
  async region(actor: Actor, code: string): Promise<Region> {
    scopePathOf(actor);
    const region = await this.regions.findByCode(code);
    if (!region || !inScope(actor, region.path)) throw DomainError.notFound('Region', code);
    return region;
  }
}
