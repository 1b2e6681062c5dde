import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DomainError } from '../../common/errors/domain-error.js';

/** Addresses a webhook may not reach (SSRF): loopback, private, shared, link-local (cloud metadata), multicast, reserved. */
const REFUSED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  REFUSED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  REFUSED.addSubnet(network, prefix, 'ipv6');

/** Whether an IP address is one a webhook may not reach. */
export function isRefusedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return REFUSED.check(mapped[1], 'ipv4');
  return REFUSED.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Checks a receiver URL: http(s), no credentials, and (unless private URLs are allowed) a host that
 * resolves only to public addresses. Bad input is a BAD_USER_INPUT naming `url`.
 */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw DomainError.badField('url', 'is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw DomainError.badField('url', 'must be an http or https URL');
  if (url.username || url.password) throw DomainError.badField('url', 'must not carry credentials');
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw DomainError.badField('url', `host ${host} does not resolve`);
  }
  if (addresses.length === 0 || addresses.some(isRefusedAddress)) {
    throw DomainError.badField('url', `host ${host} resolves to a loopback, private, link-local or metadata address (refused)`);
  }
  return url;
}
