/**
 * Adds the calls one instance counted since its last flush to the shared windows in
 * `rate_limit_window`, for many keys in one statement: `$1` the keys, `$2` each key's calls, `$3` each
 * key's window length in ms. A key with no window, or whose window has ended, starts one holding
 * these calls. Rows are taken in key order, so two instances flushing the same keys never deadlock.
 * Returns each key's shared total and the whole milliseconds until its window ends.
 */
export const QUOTA_FLUSH_SQL = `
  INSERT INTO rate_limit_window AS w (key, hits, resets_at)
  SELECT t.key, t.hits, now() + t.window_ms * interval '1 millisecond'
    FROM unnest($1::text[], $2::int[], $3::int[]) AS t(key, hits, window_ms)
   ORDER BY t.key
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN w.resets_at <= now() THEN EXCLUDED.hits ELSE w.hits + EXCLUDED.hits END,
    resets_at = CASE WHEN w.resets_at <= now() THEN EXCLUDED.resets_at ELSE w.resets_at END
  RETURNING w.key, w.hits, greatest(0, ceil(extract(epoch FROM w.resets_at - now()) * 1000))::int AS reset_in_ms`;
