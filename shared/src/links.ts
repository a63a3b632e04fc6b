/** The schemes a link in a page may use: web pages and e-mail. Everything else (javascript:, data:, vbscript:, file:, …) is refused. */
const allowedProtocols = new Set(['http:', 'https:', 'mailto:']);

/**
 * Whether a link target may be written into the editor or an export. An allow-list, decided by the
 * WHATWG URL parser because that is how browsers will read the address: it lowercases the scheme and
 * drops the surrounding whitespace and C0 controls and the tabs and newlines inside
 * (` java\tscript:` is javascript:), so no spelling gets past a check on the raw string. Without
 * `base` relative or unparsable targets are refused: exported files have nothing to resolve them
 * against. With it, a relative target is judged by the address a browser on `base` would open.
 */
export function isSafeLinkHref(href: string, base?: string): boolean {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return false;
  }
  if (!allowedProtocols.has(url.protocol)) return false;
  return url.protocol === 'mailto:' ? url.pathname !== '' : url.hostname !== '';
}
