import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorator.js';
import type { Actor } from '../../access/actor.js';
import { CurrentActor, RequirePermission } from '../../access/access.decorators.js';
import { Permission } from '../../access/permission.enum.js';
import { BEARER_AUTH } from '../../common/openapi/openapi.js';
import {
  CreatePartyOrganizationInput,
  DissolvePartyOrganizationInput,
  PartyOrganizationListQuery,
  PartyOrganizationPage,
  PartyOrganizationViewDto,
  UpdatePartyOrganizationInput,
} from './dto/party-organization.dto.js';
import { PartyOrganizationsService } from './party-organizations.service.js';

/** 党组织 Party organisations over REST. */
@ApiTags('organizing')
@ApiBearerAuth(BEARER_AUTH)
@Controller('party-organizations')
export class PartyOrganizationsController {
  constructor(private readonly organizations: PartyOrganizationsService) {}

  @Get()
  @RequirePermission(Permission.PARTY_ORG_READ)
  @ApiOperation({ summary: '党组织列表 / List party organisations in your scope' })
  @ApiOkResponse({ type: PartyOrganizationPage })
  async list(@CurrentActor() actor: Actor, @Query() query: PartyOrganizationListQuery): Promise<PartyOrganizationPage> {
    const page = await this.organizations.page(actor, query, query);
    return { items: await this.organizations.views(page.items), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequirePermission(Permission.PARTY_ORG_READ)
  @ApiOperation({ summary: '查看党组织（含覆盖企业、党员人数）/ Get a party organisation with its enterprises and member counts' })
  @ApiOkResponse({ type: PartyOrganizationViewDto })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<PartyOrganizationViewDto> {
    return (await this.organizations.views([await this.organizations.get(actor, id)]))[0];
  }

  @Post()
  @RequirePermission(Permission.PARTY_ORG_MANAGE)
  @Audit({ entity: 'PartyOrganization' })
  @ApiOperation({ summary: '组建党组织（校验覆盖规则）/ Form a party organisation (coverage rules checked)' })
  @ApiCreatedResponse({ type: PartyOrganizationViewDto })
  async create(@CurrentActor() actor: Actor, @Body() body: CreatePartyOrganizationInput): Promise<PartyOrganizationViewDto> {
    return (await this.organizations.views([await this.organizations.create(actor, body)]))[0];
  }

  @Patch(':id')
  @RequirePermission(Permission.PARTY_ORG_MANAGE)
  @Audit({ entity: 'PartyOrganization' })
  @ApiOperation({ summary: '修改党组织 / Edit a party organisation' })
  @ApiOkResponse({ type: PartyOrganizationViewDto })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePartyOrganizationInput,
  ): Promise<PartyOrganizationViewDto> {
    return (await this.organizations.views([await this.organizations.update(actor, id, body)]))[0];
  }

  @Post(':id/dissolution')
  @HttpCode(200)
  @RequirePermission(Permission.PARTY_ORG_MANAGE)
  @Audit({ entity: 'PartyOrganization' })
  @ApiOperation({ summary: '撤销党组织 / Dissolve a party organisation' })
  @ApiOkResponse({ type: PartyOrganizationViewDto })
  async dissolve(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DissolvePartyOrganizationInput,
  ): Promise<PartyOrganizationViewDto> {
    return (await this.organizations.views([await this.organizations.dissolve(actor, id, body ?? {})]))[0];
  }
}
