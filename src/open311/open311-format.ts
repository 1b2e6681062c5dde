import { DomainError, ErrorCode } from '../common/errors/domain-error.js';

/** The two response formats, chosen by the path's suffix (`services.json`, `services.xml`). */
export type Open311Format = 'json' | 'xml';

/** An Open311 error: the HTTP status and the spec's `[{code, description}]` body. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.MALFORMED_REQUEST]: 400,
  [ErrorCode.UNAUTHENTICATED]: 403,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.RATE_LIMITED]: 429,
};

/** Any error as an Open311 one; a DomainError naming fields keeps them in its description. */
export function toOpen311Error(error: unknown): Open311Error {
  if (error instanceof Open311Error) return error;
  if (error instanceof DomainError) {
    const fields = error.details.fields?.map((f) => `${f.field}: ${f.message}`).join('; ');
    return new Open311Error(STATUS_OF[error.code] ?? 500, fields ? `${error.message} (${fields})` : error.message);
  }
  const status = (error as { getStatus?: () => number }).getStatus?.();
  if (status && status < 500) return new Open311Error(status, (error as Error).message);
  return new Open311Error(500, 'Internal error');
}

/** The format of a path parameter `json`/`xml`; anything else is a 404 like an unknown path. */
export function formatOf(value: string | undefined): Open311Format {
  if (value === 'json' || value === 'xml') return value;
  throw new Open311Error(404, 'Unknown format: use .json or .xml');
}

type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

function element(name: string, value: Value, itemName?: string): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) return `<${name}>${value.map((v) => element(itemName ?? 'item', v)).join('')}</${name}>`;
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v, ITEM_NAMES[k]))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** Names of list items inside a list element (`<endpoints><endpoint>`, `<formats><format>`, `<values><value>`). */
const ITEM_NAMES: Record<string, string> = { endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value' };

/**
 * The XML of a response: a list becomes `<root><item>…</item></root>` (`<services><service>`,
 * `<service_requests><request>`), an object `<root>…</root>`. Nulls are empty elements.
 */
export function toXml(root: string, item: string | null, body: Value): string {
  const inner = Array.isArray(body) ? `<${root}>${body.map((b) => element(item!, b)).join('')}</${root}>` : element(root, body);
  return `<?xml version="1.0" encoding="utf-8"?>${inner}`;
}
