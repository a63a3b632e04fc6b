import { isSafeLinkHref } from '@samla/shared';

/** What the link form makes of its input: a safe absolute address, or why not. */
export type LinkInput = { href: string } | { error: 'invalid' | 'refused' };

const allowedScheme = /^(https?|mailto):/i;

/**
 * What a person typed into the link form, as a safe absolute address. Without a scheme,
 * "name@host" becomes mailto: and anything else https:. A scheme other than http, https or
 * mailto is refused (told apart from a malformed address so the form can say which).
 */
export function parseLinkInput(input: string): LinkInput {
  // Read as the URL parser does: tabs and newlines anywhere and controls at the edges are dropped, so they hide no scheme.
  // eslint-disable-next-line no-control-regex -- control characters are what this strips
  const text = input.replace(/[\t\n\r]/g, '').replace(/^[\s\u0000-\u001f]+|[\s\u0000-\u001f]+$/g, '');
  if (!text) return { error: 'invalid' };
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:/]+:\d/.test(text);
  const candidate = hasScheme ? text : /^[^\s/@]+@[^\s/@]+\.[^\s/@]+$/.test(text) ? `mailto:${text}` : `https://${text}`;
  if (isSafeLinkHref(candidate)) return { href: new URL(candidate).href };
  return { error: hasScheme && !allowedScheme.test(text) ? 'refused' : 'invalid' };
}

/**
 * Tiptap's check for a link it is about to make or keep (typed, pasted, autolinked, set by command,
 * rendered). It passes what was written, which may be relative ("www.example.se", which autolink
 * then stores with https://), so the target is judged where the browser would take it from here.
 */
export const isAllowedLinkTarget = (url: string, base: string): boolean => isSafeLinkHref(url, base);
