/** The schemes a link in a page may use: web pages and e-mail. Everything else (javascript:, data:, vbscript:, file:, …) is refused. */
const allowedProtocols = new Set(['http:', 'https:', 'mailto:']);

/**
 * Whether a link target may be written into the editor or an export. An allow-list, decided by the
 * WHATWG URL parser because that is how browsers will read the address: it lowercases the scheme and
 * drops the surrounding whitespace and C0 controls and the tabs and newlines inside
 * (` java\tscript:` is javascript:), so no spelling gets past a check on the raw string. Relative or
 * unparsable targets are refused: exported files have no base to resolve them against.
 */
export function isSafeLinkHref(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  if (!allowedProtocols.has(url.protocol)) return false;
  return url.protocol === 'mailto:' ? url.pathname !== '' : url.hostname !== '';
}
