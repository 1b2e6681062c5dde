import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { PERMISSION_KEY, PUBLIC_KEY } from './access.decorators.js';
import { ROLE_PERMISSIONS } from './permission.enum.js';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];
const RESOLVER_TYPE = 'graphql:resolver_type';
const RESOLVER_NAME = 'graphql:resolver_name';

/** Handler → what it needs (a Permission, `PUBLIC`, or `NONE` = closed), and role → what it holds. */
export interface PermissionMap {
  handlers: Record<string, string>;
  roles: Record<string, readonly string[]>;
}

/** Controllers outside the versioned API prefix (app.factory.ts): health checks and Open311 at its conventional path. */
const UNPREFIXED = ['health', 'open311/'];

const join = (...parts: (string | undefined)[]) =>
  `/${parts
    .flatMap((p) => (p ?? '').split('/'))
    .filter(Boolean)
    .join('/')}`;

/**
 * Reads every REST route and GraphQL root field of the running app with the permission it
 * declares, keyed `GET /api/v1/me` or `Mutation.login`. Committed as permission-map.json.
 */
export function buildPermissionMap(app: INestApplication, restPrefix = 'api/v1'): PermissionMap {
  const map: Record<string, string> = {};
  const seen = new Set<unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of [...module.controllers.values(), ...module.providers.values()]) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type || typeof type !== 'function' || !type.prototype || seen.has(type)) continue;
      seen.add(type);
      const isController = module.controllers.has(wrapper.token as never);
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        if (name === 'constructor') continue;
        const handler = Object.getOwnPropertyDescriptor(type.prototype, name)?.value as object | undefined;
        if (typeof handler !== 'function') continue;
        let key: string | undefined;
        if (isController && Reflect.hasMetadata(PATH_METADATA, handler)) {
          const method = HTTP_METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as number];
          const classPath = Reflect.getMetadata(PATH_METADATA, type) as string | undefined;
          const path = join(
            UNPREFIXED.some((p) => classPath?.startsWith(p)) ? undefined : restPrefix,
            classPath,
            Reflect.getMetadata(PATH_METADATA, handler) as string,
          );
          key = `${method} ${path}`;
        } else if (Reflect.hasMetadata(RESOLVER_TYPE, handler)) {
          const kind = Reflect.getMetadata(RESOLVER_TYPE, handler) as string;
          if (kind !== 'Query' && kind !== 'Mutation' && kind !== 'Subscription') continue;
          key = `${kind}.${(Reflect.getMetadata(RESOLVER_NAME, handler) as string | undefined) ?? name}`;
        }
        if (!key) continue;
        const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, type);
        const permission = Reflect.getMetadata(PERMISSION_KEY, handler) ?? Reflect.getMetadata(PERMISSION_KEY, type);
        map[key] = isPublic ? 'PUBLIC' : ((permission as string | undefined) ?? 'NONE');
      }
    }
  }
  return { handlers: Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b))), roles: ROLE_PERMISSIONS };
}
