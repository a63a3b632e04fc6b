/**
 * The plain text of Markdown, for the search index and so for snippets: heading, list and quote markers,
 * emphasis and code marks, link targets and backslash escapes go; the words and line breaks stay.
 */
export function markdownText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)/, '')
        .replace(/^\s*(?:[-*_]\s*){3,}$/, '')
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/(\*\*|__|`)/g, '')
        .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=$|[\s).,:;!?])/g, '$1$2')
        .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1')
        .replace(/\s*\|\s*/g, ' ')
        .trim(),
    )
    .filter(Boolean)
    .join('\n');
}
