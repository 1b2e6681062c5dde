/**
 * Sets `key` in `map` as its newest entry and forgets the oldest entries past `limit` (a Map keeps
 * insertion order): the one bounded in-memory remembering of caches that must not grow with traffic.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > limit) map.delete(map.keys().next().value as K);
}
