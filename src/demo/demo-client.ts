import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** One request of the seed to the application: GraphQL (`POST /graphql`) or REST (`/api/v1/…`). */
export interface DemoRequest {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/graphql` or `/api/v1/roster/syncs?mode=snapshot`. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What the application answered: the status and the body (text). */
export interface DemoResponse {
  status: number;
  body: string;
}

/** Carries one request to the application and returns its answer. */
export type DemoTransport = (request: DemoRequest) => Promise<DemoResponse>;

/** In process through Fastify's inject: no socket, no listening server needed. */
export function injectTransport(app: NestFastifyApplication): DemoTransport {
  return async ({ method, url, headers, body }) => {
    const response = await app.getHttpAdapter().getInstance().inject({ method, url, headers, payload: body });
    return { status: response.statusCode, body: response.body };
  };
}

/** A caller of the running application's own API: GraphQL, or REST for what only REST offers (platform roster syncs). */
export class DemoApiClient {
  constructor(
    private readonly transport: DemoTransport,
    private readonly headers: Record<string, string>,
    /** Who this is, for error messages. */
    readonly label: string,
  ) {}

  /** Runs one GraphQL operation and returns its data; any error stops the seed with the operation and the error. */
  async gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const { body: text } = await this.transport({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...this.headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = JSON.parse(text) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    if (body.errors?.length || !body.data) {
      const operation = /\{\s*(\w+)/.exec(query.replace(/^[^{]*/, ''))?.[1] ?? query.slice(0, 60);
      throw new Error(`demo seed: ${operation} as ${this.label} failed: ${JSON.stringify(body.errors ?? body)}`);
    }
    return body.data;
  }

  /**
   * Sends one REST request (`/api/v1/…`) and returns its JSON answer; any status but `expect` stops
   * the seed with the request and the problem+json the service answered.
   */
  async rest<T = Record<string, unknown>>(
    method: DemoRequest['method'],
    url: string,
    options: { headers?: Record<string, string>; body?: string; expect?: number } = {},
  ): Promise<T> {
    const response = await this.transport({ method, url, headers: { ...this.headers, ...options.headers }, body: options.body });
    const expected = options.expect ?? 200;
    if (response.status !== expected) {
      throw new Error(`demo seed: ${method} ${url.replace(/\?.*/, '')} as ${this.label} answered ${response.status}: ${response.body.slice(0, 1000)}`);
    }
    return JSON.parse(response.body) as T;
  }
}
