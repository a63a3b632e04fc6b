/** Link addresses the editor accepts: web pages and e-mail, never javascript:, data: or the like. */
const safeProtocols = new Set(['http:', 'https:', 'mailto:']);

export function isSafeLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return safeProtocols.has(parsed.protocol) && (parsed.protocol === 'mailto:' || parsed.hostname !== '');
  } catch {
    return false;
  }
}

/**
 * What a person typed into the link form, as a safe absolute address, or null. Without a scheme,
 * "name@host" becomes mailto: and anything else https:.
 */
export function normalizeLink(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:/]+:\d/.test(text);
  const candidate = hasScheme ? text : /^[^\s/@]+@[^\s/@]+\.[^\s/@]+$/.test(text) ? `mailto:${text}` : `https://${text}`;
  if (!isSafeLink(candidate)) return null;
  return new URL(candidate).href;
}
