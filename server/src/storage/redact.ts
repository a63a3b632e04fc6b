/**
 * `details` with every string equal to one of `values` (in any case), at any depth, replaced by
 * `replacement`; null when none is. Both engines' `audit.redact` decide with it, so they agree on what matches.
 */
export function redactedDetails(details: Record<string, unknown>, values: readonly string[], replacement: string): Record<string, unknown> | null {
  const wanted = new Set(values.map((v) => v.toLowerCase()));
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string' && wanted.has(v.toLowerCase())) {
      changed = true;
      return replacement;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  const out = walk(details) as Record<string, unknown>;
  return changed ? out : null;
}
