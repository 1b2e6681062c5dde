import { Body, Catch, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../access/access.decorators.js';
import type { Actor } from '../access/actor.js';
import { Audit } from '../audit/audit.decorator.js';
import { logIfUnexpected } from '../common/errors/all-exceptions.filter.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { formatOf, toOpen311Error, toXml, type Open311Format } from './open311-format.js';
import { Open311Service, type Params } from './open311.service.js';

/** Errors as the spec has them: the HTTP status and `[{code, description}]`, in the format the path asked for. */
@Catch()
export class Open311ExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const error = toOpen311Error(exception);
    if (error.status >= 500)
      logIfUnexpected(exception instanceof DomainError ? exception : new DomainError(ErrorCode.INTERNAL_SERVER_ERROR, String((exception as Error)?.message)));
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = [{ code: error.status, description: error.description }];
    if (request.url.split('?')[0].endsWith('.xml')) {
      void reply
        .status(error.status)
        .header('content-type', 'text/xml; charset=utf-8')
        .send(toXml('errors', 'error', body));
    } else {
      void reply.status(error.status).header('content-type', 'application/json; charset=utf-8').send(body);
    }
  }
}

/**
 * Open311 GeoReport v2 (`/open311/v2/`), JSON or XML by suffix. Public reads (rate-limited per
 * client address); posting needs an API key in the form. The reporter never appears.
 */
// Not in openapi.json: GeoReport v2 is its own published contract (form bodies, XML); docs/open311.md.
@ApiExcludeController()
@UseFilters(Open311ExceptionFilter)
@Controller('open311/v2')
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  @Get('discovery.:format')
  @Public()
  async discovery(@Param('format') format: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const f = formatOf(format);
    await this.open311.countRead(request.ip);
    return send(reply, f, 'discovery', null, this.open311.discovery(`${request.protocol}://${request.host}/open311/v2/`));
  }

  @Get('services.:format')
  @Public()
  async services(
    @Param('format') format: string,
    @Query() query: Params,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const f = formatOf(format);
    await this.open311.countRead(request.ip);
    await this.open311.jurisdiction(query);
    return send(reply, f, 'services', 'service', await this.open311.services());
  }

  @Get('services/:code.:format')
  @Public()
  async service(
    @Param('code') code: string,
    @Param('format') format: string,
    @Query() query: Params,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const f = formatOf(format);
    await this.open311.countRead(request.ip);
    await this.open311.jurisdiction(query);
    return send(reply, f, 'service_definition', null, await this.open311.serviceDefinition(code));
  }

  @Post('requests.:format')
  @Public()
  @Audit({ entity: 'GovernanceIssue' })
  @HttpCode(201)
  async post(
    @Param('format') format: string,
    @Body() body: Params | undefined,
    @Req() request: FastifyRequest & { actor?: Actor },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const f = formatOf(format);
    // The audit entry names the client application (its API key), never the reporter; an Open311 client is no Actor, so the audit's own non-actor stands in.
    return send(reply, f, 'service_requests', 'request', await this.open311.post(body ?? {}, (client) => (request.actor = client as Actor)));
  }

  @Get('requests.:format')
  @Public()
  async requests(
    @Param('format') format: string,
    @Query() query: Params,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const f = formatOf(format);
    await this.open311.countRead(request.ip);
    const { requests, next } = await this.open311.requests(query, await this.open311.jurisdiction(query));
    if (next) {
      const params = new URLSearchParams(Object.entries(query).filter(([k, v]) => k !== 'after' && typeof v === 'string') as [string, string][]);
      params.set('after', next);
      void reply.header('link', `</open311/v2/requests.${f}?${params.toString()}>; rel="next"`);
    }
    return send(reply, f, 'service_requests', 'request', requests);
  }

  @Get('requests/:id.:format')
  @Public()
  async request(
    @Param('id') id: string,
    @Param('format') format: string,
    @Query() query: Params,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const f = formatOf(format);
    await this.open311.countRead(request.ip);
    return send(reply, f, 'service_requests', 'request', await this.open311.request(id, await this.open311.jurisdiction(query)));
  }

  @Get('tokens/:token.:format')
  @Public()
  async token(
    @Param('token') token: string,
    @Param('format') format: string,
    @Query() query: Params,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const f = formatOf(format);
    await this.open311.countRead(request.ip);
    return send(reply, f, 'service_requests', 'request', await this.open311.token(token, await this.open311.jurisdiction(query)));
  }

  @Get('servicerequestupdates.:format')
  @Public()
  async updates(
    @Param('format') format: string,
    @Query() query: Params,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const f = formatOf(format);
    await this.open311.countRead(request.ip);
    return send(reply, f, 'service_request_updates', 'request_update', await this.open311.updates(query, await this.open311.jurisdiction(query)));
  }
}

// JSON as is; XML under the spec's root and item element names.
function send(reply: FastifyReply, format: Open311Format, root: string, item: string | null, body: unknown): unknown {
  if (format === 'json') return body;
  void reply.header('content-type', 'text/xml; charset=utf-8');
  return toXml(root, item, body as never);
}
