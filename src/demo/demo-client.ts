import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Sends one GraphQL request to the application and returns the response body (JSON text). */
export type DemoTransport = (headers: Record<string, string>, payload: string) => Promise<string>;

/** In process through Fastify's inject: no socket, no listening server needed. */
export function injectTransport(app: NestFastifyApplication): DemoTransport {
  return async (headers, payload) => {
    const response = await app.getHttpAdapter().getInstance().inject({ method: 'POST', url: '/graphql', headers, payload });
    return response.body;
  };
}

/** A caller of the running application's own GraphQL API. */
export class DemoApiClient {
  constructor(
    private readonly transport: DemoTransport,
    private readonly headers: Record<string, string>,
    /** Who this is, for error messages. */
    readonly label: string,
  ) {}

  /** Runs one GraphQL operation and returns its data; any error stops the seed with the operation and the error. */
  async gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const text = await this.transport({ 'content-type': 'application/json', ...this.headers }, JSON.stringify({ query, variables }));
    const body = JSON.parse(text) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    if (body.errors?.length || !body.data) {
      const operation = /\{\s*(\w+)/.exec(query.replace(/^[^{]*/, ''))?.[1] ?? query.slice(0, 60);
      throw new Error(`demo seed: ${operation} as ${this.label} failed: ${JSON.stringify(body.errors ?? body)}`);
    }
    return body.data;
  }
}
