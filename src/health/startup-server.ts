import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { StartupError } from '../config/startup-error.js';

/**
 * Where a start stands: `/health/ready` reports it until the application serves. `starting`: before
 * the database and again while the application is built after the migrations.
 */
export type StartupPhase = 'starting' | 'database' | 'migrating' | 'seeding' | 'serving' | 'stopping';

/** What `/health/ready` answers (503) while newforce starts or stops. */
export interface StartupProgress {
  ready: false;
  phase: StartupPhase;
  /** While seeding: the step under way, how many steps are done, and how many there are. */
  step?: string;
  done?: number;
  total?: number;
  database: 'up' | 'down';
  migrations: 'applied' | 'pending' | 'unknown';
}

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** What a start-up phase means, for people. */
function describe(progress: StartupProgress): string {
  switch (progress.phase) {
    case 'database':
      return 'starting the database';
    case 'migrating':
      return 'applying database migrations';
    case 'seeding':
      return `seeding the demo county (step ${Math.min((progress.done ?? 0) + 1, progress.total ?? 0)} of ${progress.total}: ${progress.step})`;
    case 'stopping':
      return 'stopping';
    default:
      return 'starting';
  }
}

/**
 * The HTTP server `npm start` listens with before anything else happens, so a port in use is found at
 * once and `/health` answers within a second of the process starting. Until the application is
 * ready it answers by itself: `/health` 200, `/health/ready` 503 with the phase (and the seeding
 * step), everything else 503. The application is then built on this same server (Fastify's
 * `serverFactory`) and `serve()` hands it the traffic, without a moment when the port is closed.
 */
export class StartupServer {
  private progressNow: StartupProgress = { ready: false, phase: 'starting', database: 'down', migrations: 'unknown' };
  private appHandler?: RequestHandler;
  private serving = false;

  private constructor(
    readonly server: Server,
    private readonly version: string,
  ) {}

  /** Listens on `host`:`port`; a port in use, a forbidden port or a foreign address is a StartupError. */
  static async listen(host: string, port: number, version: string): Promise<StartupServer> {
    const startup = new StartupServer(createServer(), version);
    startup.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (startup.serving && startup.appHandler) startup.appHandler(request, response);
      else startup.answer(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      startup.server.once('error', reject);
      startup.server.listen(port, host, () => {
        startup.server.off('error', reject);
        resolve();
      });
    }).catch((error: NodeJS.ErrnoException) => {
      throw listenError(error, host, port);
    });
    return startup;
  }

  get progress(): Readonly<StartupProgress> {
    return this.progressNow;
  }

  /** Moves to another phase (the seeding step fields are kept only while seeding). */
  update(progress: Partial<Omit<StartupProgress, 'ready'>>): void {
    const next = { ...this.progressNow, ...progress };
    if (next.phase !== 'seeding') {
      delete next.step;
      delete next.done;
      delete next.total;
    }
    this.progressNow = next;
  }

  /** For FastifyAdapter's `serverFactory`: the application's handler, kept until `serve()`. */
  readonly serverFactory = (handler: RequestHandler, options: { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number }): Server => {
    this.appHandler = handler;
    if (options.keepAliveTimeout) this.server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout) this.server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout) this.server.setTimeout(options.connectionTimeout);
    return this.server;
  };

  /** Hands every request from now on to the application. */
  serve(): void {
    if (!this.appHandler) throw new Error('no application was built on this server');
    this.serving = true;
  }

  /** Takes the traffic back from the application: 503 `stopping` until the server closes. */
  stopServing(): void {
    this.serving = false;
    this.update({ phase: 'stopping' });
  }

  /** Stops accepting connections and closes the open ones. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    const path = (request.url ?? '/').split('?')[0].replace(/\/+$/, '');
    const send = (status: number, type: string, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
      response.end(request.method === 'HEAD' ? undefined : JSON.stringify(body));
    };
    if (path === '/health') {
      send(200, 'application/json; charset=utf-8', { status: 'ok', version: this.version });
    } else if (path === '/health/ready') {
      send(503, 'application/json; charset=utf-8', this.progressNow, { 'retry-after': '2' });
    } else {
      const stopping = this.progressNow.phase === 'stopping';
      send(
        503,
        'application/problem+json; charset=utf-8',
        {
          type: 'about:blank',
          title: 'Service Unavailable',
          status: 503,
          code: stopping ? 'STOPPING' : 'STARTING',
          detail: `newforce is ${describe(this.progressNow)}; try again ${stopping ? 'after it has started again' : 'in a moment'} (GET /health/ready says when)`,
        },
        { 'retry-after': '5' },
      );
    }
  }
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new StartupError(`port ${port} on ${host} is already in use: stop the program using it, or set PORT to a free port`, { cause: error });
    case 'EACCES':
      return new StartupError(`not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges): set PORT to 1024 or above`, {
        cause: error,
      });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`HOST=${host} is not an address of this machine: set HOST to one of its addresses, or leave it unset`, { cause: error });
    default:
      return new StartupError(`could not listen on ${host}:${port}: ${error.message}`, { cause: error });
  }
}
