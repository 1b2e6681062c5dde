import type { DemoTransport } from '../../src/demo/demo-client.js';

/** The demo seed's requests (GraphQL and REST) over a real socket to `baseUrl()`: Fastify's inject cannot load under Jest's ESM mode; the HTTP path is the same. */
export const socketTransport =
  (baseUrl: () => string): DemoTransport =>
  async ({ method, url, headers, body }) => {
    const response = await fetch(`${baseUrl()}${url}`, { method, headers, body });
    return { status: response.status, body: await response.text() };
  };
