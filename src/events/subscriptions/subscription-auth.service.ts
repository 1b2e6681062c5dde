import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { ApiKeysService } from '../../auth/api-keys/api-keys.service.js';
import { AuthService } from '../../auth/auth.service.js';
import type { AccessTokenPayload } from '../../auth/tokens/token.service.js';
import { SubscriptionGate, type SubscriptionConnection, type SubscriptionHandlers } from '../../common/graphql/subscription-gate.js';
import { API_KEY_REVOKED_SQL } from './subscriptions.sql.js';

/** Close code for a socket whose credentials expired or were revoked (graphql-ws: Forbidden). */
export const CLOSE_FORBIDDEN = 4403;
/** How often a socket opened with an API key checks that the key is still live. */
const KEY_CHECK_MS = 30_000;

interface SocketState {
  actor?: Actor;
  timers: NodeJS.Timeout[];
}

/**
 * Authenticates graphql-ws sockets in `connection_init`: `{ authorization: "Bearer <token>" }` (staff,
 * workers) or `{ apiKey }` / `{ "x-api-key" }` (platforms); none = anonymous (public subscriptions
 * only). Invalid credentials refuse the socket (4403); it is closed with 4403 when the token expires
 * or the API key is revoked.
 */
@Injectable()
export class SubscriptionAuth implements SubscriptionHandlers, OnModuleInit {
  private readonly logger = new Logger('SubscriptionAuth');

  constructor(
    private readonly gate: SubscriptionGate,
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.gate.register(this);
  }

  async onConnect(connection: SubscriptionConnection): Promise<boolean> {
    const params = connection.connectionParams ?? {};
    const state: SocketState = { timers: [] };
    connection.extra.newforce = state;
    const bearer =
      String(params.authorization ?? params.Authorization ?? '').replace(/^Bearer\s+/i, '') || (typeof params.token === 'string' ? params.token : '');
    const apiKey = typeof params.apiKey === 'string' ? params.apiKey : typeof params['x-api-key'] === 'string' ? params['x-api-key'] : '';
    try {
      if (bearer) {
        const payload = await this.jwt.verifyAsync<AccessTokenPayload & { exp?: number }>(bearer, { algorithms: ['HS256'] });
        const actor = await this.auth.actorFromToken(payload);
        if (actor.mustChangePassword) return false;
        state.actor = actor;
        if (payload.exp) this.closeAt(connection, state, payload.exp * 1000, 'Forbidden: the access token expired');
      } else if (apiKey) {
        const actor = await this.apiKeys.authenticate(apiKey);
        state.actor = actor;
        const timer = setInterval(() => void this.checkKey(connection, actor.id), KEY_CHECK_MS);
        timer.unref();
        state.timers.push(timer);
      }
      return true;
    } catch {
      return false;
    }
  }

  onClose(connection: SubscriptionConnection): void {
    const state = connection.extra.newforce as SocketState | undefined;
    for (const timer of state?.timers ?? []) clearTimeout(timer);
  }

  context(connection: SubscriptionConnection): Record<string, unknown> {
    const state = connection.extra.newforce as SocketState | undefined;
    return { req: { headers: {}, actor: state?.actor, socket: connection } };
  }

  private closeAt(connection: SubscriptionConnection, state: SocketState, at: number, reason: string): void {
    // setTimeout holds at most ~24.8 days; tokens live far less.
    const timer = setTimeout(() => connection.extra.socket?.close(CLOSE_FORBIDDEN, reason), Math.max(0, Math.min(at - Date.now(), 2 ** 31 - 1)));
    timer.unref();
    state.timers.push(timer);
  }

  private async checkKey(connection: SubscriptionConnection, keyId: string): Promise<void> {
    try {
      const [row] = await this.dataSource.query<{ revoked_at: Date | null }[]>(API_KEY_REVOKED_SQL, [keyId]);
      if (!row || row.revoked_at) connection.extra.socket?.close(CLOSE_FORBIDDEN, 'Forbidden: the API key was revoked');
    } catch (error) {
      this.logger.warn(`Checking API key ${keyId} failed: ${(error as Error).message}`);
    }
  }
}
