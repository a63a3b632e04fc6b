import { isSafeLinkHref, PAGE_FRAGMENT } from '@samla/shared';
import * as Y from 'yjs';

/**
 * A page (or the group notes) as CommonMark with GitHub's tables and task lists, from the Tiptap
 * document in PAGE_FRAGMENT: headings, paragraphs, bullet, ordered and task lists (nested), links,
 * bold, italic, strikethrough, code, quotes, code blocks, rules and tables. Text is escaped, so what
 * people typed reads back as text, not as Markdown; links keep only http, https and mailto targets.
 */
export function pageToMarkdown(doc: Y.Doc, title: string): string {
  const body = blocks(doc.getXmlFragment(PAGE_FRAGMENT).toArray());
  const out = [`# ${escapeText(title.replace(/\s+/g, ' ').trim())}`, ...body.flatMap((b) => ['', ...b])];
  return `${out.join('\n')}\n`;
}

type Node = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** Each block as its lines; empty paragraphs are left out. */
function blocks(nodes: Node[]): string[][] {
  const out: string[][] = [];
  for (const node of nodes) {
    const lines = node instanceof Y.XmlElement ? block(node) : node instanceof Y.XmlText ? [inline([node])] : [];
    if (lines.length > 0 && lines.some((l) => l.trim() !== '')) out.push(lines);
  }
  return out;
}

function children(el: Y.XmlElement): Node[] {
  return el.toArray() as Node[];
}

function block(el: Y.XmlElement): string[] {
  switch (el.nodeName) {
    case 'paragraph':
      return [escapeLineStart(inline(children(el)))];
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(el.getAttribute('level')) || 2));
      return [`${'#'.repeat(level)} ${inline(children(el))}`];
    }
    case 'bulletList':
      return list(el, () => '- ');
    case 'orderedList': {
      const start = Number(el.getAttribute('start')) || 1;
      return list(el, (i) => `${start + i}. `);
    }
    case 'taskList':
      return list(el, (_i, item) => (isChecked(item) ? '- [x] ' : '- [ ] '));
    case 'blockquote':
      return joinBlocks(blocks(children(el))).map((l) => (l ? `> ${l}` : '>'));
    case 'codeBlock': {
      const code = inlinePlain(children(el));
      const fence = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
      const language = el.getAttribute('language');
      return [`${fence}${typeof language === 'string' ? language : ''}`, ...code.split('\n'), fence];
    }
    case 'horizontalRule':
      return ['---'];
    case 'table':
      return table(el);
    default:
      // Unknown blocks keep their text.
      return joinBlocks(blocks(children(el)));
  }
}

const isChecked = (item: Y.XmlElement) => {
  const v = item.getAttribute('checked') as unknown;
  return v === true || v === 'true';
};

/** Blocks inside a container, separated by blank lines. */
function joinBlocks(bs: string[][]): string[] {
  return bs.flatMap((b, i) => (i === 0 ? b : ['', ...b]));
}

/** A tight list: each item's first line after its marker, the rest (nested lists too) indented under it. */
function list(el: Y.XmlElement, marker: (i: number, item: Y.XmlElement) => string): string[] {
  const out: string[] = [];
  children(el)
    .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
    .forEach((item, i) => {
      const m = marker(i, item);
      const indent = ' '.repeat(m.length);
      const lines = blocks(children(item)).flat();
      if (lines.length === 0) lines.push('');
      lines.forEach((l, j) => out.push(j === 0 ? `${m}${l}`.trimEnd() : l ? `${indent}${l}` : ''));
    });
  return out;
}

function table(el: Y.XmlElement): string[] {
  const rows = children(el)
    .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
    .map((row) =>
      children(row)
        .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
        .map((cell) => blocks(children(cell)).flat().join(' ').replace(/(?<!\\)\|/g, '\\|')),
    );
  if (rows.length === 0) return [];
  const width = Math.max(...rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  // GitHub tables need a header row: the first row is it (Tiptap's header cells sit there).
  return [line(rows[0]!), `|${' --- |'.repeat(width)}`, ...rows.slice(1).map(line)];
}

interface Run {
  text: string;
  attrs: Record<string, unknown>;
}

function runs(nodes: Node[]): Run[] {
  const out: Run[] = [];
  for (const n of nodes) {
    if (n instanceof Y.XmlText) {
      for (const d of n.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof d.insert === 'string') out.push({ text: d.insert, attrs: d.attributes ?? {} });
      }
    } else if (n instanceof Y.XmlElement && n.nodeName === 'hardBreak') {
      out.push({ text: '\n', attrs: {} });
    }
  }
  return out;
}

function inlinePlain(nodes: Node[]): string {
  return runs(nodes).map((r) => r.text).join('');
}

/** Marked-up inline text. Whitespace at the edges of a marked run moves outside the markers. */
function inline(nodes: Node[]): string {
  let out = '';
  for (const { text, attrs } of runs(nodes)) {
    if (text === '\n') {
      out += '\\\n';
      continue;
    }
    const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
    if (!core) {
      out += text;
      continue;
    }
    let s = attrs.code ? codeSpan(core) : escapeText(core);
    if (attrs.bold) s = `**${s}**`;
    if (attrs.italic) s = `*${s}*`;
    if (attrs.strike) s = `~~${s}~~`;
    const href = (attrs.link as { href?: unknown } | undefined)?.href;
    // The editor refuses other targets, but a client of its own can still store any mark in the doc;
    // an unsafe one exports as its text, so the file carries no link a reader could run.
    if (typeof href === 'string' && isSafeLinkHref(href)) s = `[${s}](${href.replace(/[\s()<>]/g, (c) => encodeURIComponent(c))})`;
    out += lead + s + trail;
  }
  return out.replace(/\n/g, ' ');
}

function codeSpan(text: string): string {
  const ticks = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** Backslash-escapes the characters that start inline Markdown. */
export function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>~|]/g, '\\$&');
}

/** A paragraph whose text would read as a heading, list, quote or rule gets its first character escaped. */
function escapeLineStart(line: string): string {
  return line.replace(/^(\s*)(#|>|[-+](?=\s|$)|=+\s*$|(\d+)([.)])(?=\s|$))/, (_m, ws: string, all: string, digits?: string, dot?: string) =>
    digits ? `${ws}${digits}\\${dot}` : `${ws}\\${all}`,
  );
}
