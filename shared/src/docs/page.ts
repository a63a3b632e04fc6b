import * as Y from 'yjs';
import { PAGE_FRAGMENT } from '../schemas/docs.js';

/** Inline nodes of the page editor; every other element is a block and starts a new line in plain text. */
const INLINE = new Set(['text', 'hardBreak']);

/** The plain text of a page or the group notes: one line per block, list items and table cells included. */
export function readPageText(doc: Y.Doc): string {
  const lines: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    let line = '';
    const flush = () => {
      if (line.trim()) lines.push(line.trim());
      line = '';
    };
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) line += readInlineText(child);
      else if (child instanceof Y.XmlElement && INLINE.has(child.nodeName)) line += child.nodeName === 'hardBreak' ? ' ' : '';
      else if (child instanceof Y.XmlElement) {
        flush();
        walk(child);
      }
    }
    flush();
  };
  walk(doc.getXmlFragment(PAGE_FRAGMENT));
  return lines.join('\n');
}

/** The characters of a text node, marks dropped (embeds are not text). */
export function readInlineText(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
}
