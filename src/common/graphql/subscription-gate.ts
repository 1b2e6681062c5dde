import { Global, Injectable, Module } from '@nestjs/common';

/** The graphql-ws connection context as the gate sees it (kept loose: graphql-ws owns the type). */
export interface SubscriptionConnection {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra: Record<string, unknown> & { socket?: { close(code?: number, reason?: string): void } };
}

/** What authenticates graphql-ws connections; registered by the events feature (a higher layer). */
export interface SubscriptionHandlers {
  /** Authenticates `connection_init`; false closes the socket with 4403. */
  onConnect(connection: SubscriptionConnection): Promise<boolean>;
  /** Cleans up when the socket closes. */
  onClose(connection: SubscriptionConnection): void;
  /** The GraphQL context of an operation on the socket (`{ req }`, as over HTTP). */
  context(connection: SubscriptionConnection): Record<string, unknown>;
}

/**
 * The hand-over point between the GraphQL module (which starts graphql-ws on /graphql) and the
 * feature that knows how to authenticate a socket: without handlers, sockets are anonymous.
 */
@Injectable()
export class SubscriptionGate implements SubscriptionHandlers {
  private handlers?: SubscriptionHandlers;

  /** Installs the handlers (once, at start-up). */
  register(handlers: SubscriptionHandlers): void {
    this.handlers = handlers;
  }

  onConnect(connection: SubscriptionConnection): Promise<boolean> {
    return this.handlers ? this.handlers.onConnect(connection) : Promise.resolve(true);
  }

  onClose(connection: SubscriptionConnection): void {
    this.handlers?.onClose(connection);
  }

  context(connection: SubscriptionConnection): Record<string, unknown> {
    return this.handlers ? this.handlers.context(connection) : { req: { headers: {} } };
  }
}

/** Provides the one SubscriptionGate (global, so the GraphQL module's factory and the events feature share it). */
@Global()
@Module({ providers: [SubscriptionGate], exports: [SubscriptionGate] })
export class SubscriptionGateModule {}
