import { PAGE_FRAGMENT } from '@samla/shared';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import { EditorContent, useEditor, useEditorState, type Editor, type Extensions } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId, useLayoutEffect, useRef, useState, type FocusEvent, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { textColorOn } from '../../components/color';
import './editor.css';
import { isAllowedLinkTarget, parseLinkInput } from './link';
import { Link } from '@tiptap/extension-link';
import {
  BetweenHorizontalEnd,
  BetweenVerticalEnd,
  Grid2x2X,
  Link as LinkIcon,
  ListChecks,
  Redo2,
  Table,
  TableColumnsSplit,
  TableRowsSplit,
  Undo2,
} from 'lucide-react';

export interface NotesEditorProps {
  doc: Y.Doc;
  /** The live connection, for others' carets; null for a read-only past version (no carets). */
  provider: WebsocketProvider | null;
  user: { name: string; color: string };
  editable: boolean;
  /** Id of the visible heading that names the editor. */
  labelledBy: string;
  /** Ids of hints that describe it (read-only notice, usage hint). */
  describedBy?: string;
}

/** A remote caret: a coloured bar with the person's name above it. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'collab-caret';
  caret.style.borderColor = String(user.color);
  // The presence list names everyone; labels inside the text would only interrupt screen readers.
  caret.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.className = 'collab-caret__label';
  label.style.backgroundColor = String(user.color);
  label.style.color = textColorOn(String(user.color));
  label.textContent = String(user.name ?? '');
  caret.append(label);
  return caret;
}

/**
 * A co-edited rich-text page (the group notes or a page): Tiptap bound to the Y.XmlFragment
 * PAGE_FRAGMENT, with headings, lists, checklists, links and tables. Undo is per person (Yjs).
 * With `provider` null it shows a document without anyone's carets, e.g. a past version.
 */
export function NotesEditor({ doc, provider, user, editable, labelledBy, describedBy }: NotesEditorProps) {
  const { i18n } = useTranslation();
  const [linkFormOpen, setLinkFormOpen] = useState(false);
  // Read by the attributes callback, which ProseMirror re-runs on every view update (setEditable
  // is one), so aria-readonly follows without touching a view that may not be mounted yet.
  const editableRef = useRef(editable);
  editableRef.current = editable;
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({
          // Collaboration brings its own (Yjs) undo history, per person.
          undoRedo: false,
          heading: { levels: [2, 3] },
          link: false,
        }),
        // Not inclusive: text typed right after a link is plain text (Tiptap makes links inclusive
        // whenever autolink is on, so every word typed after one joined it).
        Link.extend({ inclusive: () => false }).configure({
          openOnClick: false,
          autolink: true,
          defaultProtocol: 'https',
          // Every path that makes, parses or renders a link asks this (a URL pasted over a selection
          // does not, but linkify finds no javascript:, data: or vbscript: there).
          isAllowedUri: (url) => isAllowedLinkTarget(url, document.baseURI),
          HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' },
        }),
        TaskList,
        TaskItem.configure({
          nested: true,
          a11y: { checkboxLabel: (node) => i18n.t('notes.taskLabel', { text: node.textContent || i18n.t('notes.emptyTask') }) },
        }),
        TableKit.configure({ table: { resizable: false } }),
        Collaboration.configure({ document: doc, field: PAGE_FRAGMENT }),
        ...(provider
          ? [CollaborationCaret.configure({ provider, user: { name: user.name, color: user.color }, render: renderCaret })]
          : []),
      ] satisfies Extensions,
      editable,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: () => ({
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-readonly': String(!editableRef.current),
          'aria-labelledby': labelledBy,
          ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          class: 'notes-editor__content',
          spellcheck: 'true',
        }),
      },
    },
    [doc, provider, user.name, user.color],
  );

  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable);
    if (!editable) setLinkFormOpen(false);
  }, [editor, editable]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (editable && (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      setLinkFormOpen(true);
    }
  };

  return (
    <div className="notes-editor" onKeyDown={onKeyDown}>
      {editable && <Toolbar editor={editor} linkFormOpen={linkFormOpen} onToggleLinkForm={() => setLinkFormOpen((o) => !o)} />}
      {editable && linkFormOpen && <LinkForm editor={editor} onClose={() => setLinkFormOpen(false)} />}
      <EditorContent editor={editor} />
    </div>
  );
}

interface ToolButton {
  key: string;
  label: string;
  icon: ReactNode;
  run: () => void;
  pressed?: boolean;
  expanded?: boolean;
  disabled?: boolean;
}

function Toolbar({ editor, linkFormOpen, onToggleLinkForm }: { editor: Editor; linkFormOpen: boolean; onToggleLinkForm: () => void }) {
  const { t } = useTranslation();
  const bar = useRef<HTMLDivElement>(null);
  const current = useRef<string | null>(null);
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      taskList: e.isActive('taskList'),
      link: e.isActive('link'),
      inTable: e.isActive('table'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  // Tiptap's focus() waits for the next frame: keys typed before it (Enter on a toolbar button, then typing
  // at once) would go to the button and be lost. Focusing the view first makes the text take them.
  const chain = () => {
    editor.view.focus();
    return editor.chain().focus();
  };

  const groups: ToolButton[][] = [
    [
      { key: 'h2', label: t('notes.heading'), icon: 'H2', pressed: state.h2, run: () => chain().toggleHeading({ level: 2 }).run() },
      { key: 'h3', label: t('notes.subheading'), icon: 'H3', pressed: state.h3, run: () => chain().toggleHeading({ level: 3 }).run() },
      { key: 'bold', label: t('notes.bold'), icon: 'B', pressed: state.bold, run: () => chain().toggleBold().run() },
      { key: 'italic', label: t('notes.italic'), icon: 'I', pressed: state.italic, run: () => chain().toggleItalic().run() },
    ],
    [
      { key: 'bulletList', label: t('notes.bulletList'), icon: '•', pressed: state.bulletList, run: () => chain().toggleBulletList().run() },
      { key: 'orderedList', label: t('notes.orderedList'), icon: '1.', pressed: state.orderedList, run: () => chain().toggleOrderedList().run() },
      { key: 'taskList', label: t('notes.taskList'), icon: <ListChecks size={16} strokeWidth={2.25} />, pressed: state.taskList, run: () => chain().toggleTaskList().run() },
    ],
    [
      { key: 'link', label: t('notes.link'), icon: <LinkIcon size={16} strokeWidth={2.25} />, pressed: state.link, expanded: linkFormOpen, run: onToggleLinkForm },
      {
        key: 'table',
        label: t('notes.insertTable'),
        icon: <Table size={16} strokeWidth={2.25} />,
        disabled: state.inTable,
        run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      },
    ],
    ...(state.inTable
      ? [
          [
            { key: 'addRow', label: t('notes.addRow'), icon: <BetweenHorizontalEnd size={16} strokeWidth={2.25} />, run: () => chain().addRowAfter().run() },
            { key: 'deleteRow', label: t('notes.deleteRow'), icon: <TableRowsSplit size={16} strokeWidth={2.25} />, run: () => chain().deleteRow().run() },
            { key: 'addColumn', label: t('notes.addColumn'), icon: <BetweenVerticalEnd size={16} strokeWidth={2.25} />, run: () => chain().addColumnAfter().run() },
            { key: 'deleteColumn', label: t('notes.deleteColumn'), icon: <TableColumnsSplit size={16} strokeWidth={2.25} />, run: () => chain().deleteColumn().run() },
            { key: 'deleteTable', label: t('notes.deleteTable'), icon: <Grid2x2X size={16} strokeWidth={2.25} />, run: () => chain().deleteTable().run() },
          ],
        ]
      : []),
    [
      { key: 'undo', label: t('notes.undo'), icon: <Undo2 size={16} strokeWidth={2.25} />, disabled: !state.canUndo, run: () => chain().undo().run() },
      { key: 'redo', label: t('notes.redo'), icon: <Redo2 size={16} strokeWidth={2.25} />, disabled: !state.canRedo, run: () => chain().redo().run() },
    ],
  ];

  const buttons = () => [...(bar.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];

  // Roving focus: one button is in the tab order (the last one used, while it is enabled).
  useLayoutEffect(() => {
    const enabled = buttons();
    const active = enabled.find((b) => b.dataset.key === current.current) ?? enabled[0];
    for (const b of bar.current?.querySelectorAll('button') ?? []) b.tabIndex = b === active ? 0 : -1;
  });

  const onKeyDown = (e: KeyboardEvent) => {
    const enabled = buttons();
    const index = enabled.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    const next =
      e.key === 'ArrowRight' ? (index + 1) % enabled.length
      : e.key === 'ArrowLeft' ? (index - 1 + enabled.length) % enabled.length
      : e.key === 'Home' ? 0
      : e.key === 'End' ? enabled.length - 1
      : null;
    if (next === null) return;
    e.preventDefault();
    enabled[next]!.focus();
  };

  const onFocus = (e: FocusEvent) => {
    if (!(e.target instanceof HTMLButtonElement)) return;
    current.current = e.target.dataset.key ?? null;
    for (const b of bar.current?.querySelectorAll('button') ?? []) b.tabIndex = b === e.target ? 0 : -1;
  };

  return (
    <div className="toolbar" role="toolbar" aria-label={t('notes.toolbar')} ref={bar} onKeyDown={onKeyDown} onFocus={onFocus}>
      {groups.map((group, i) => (
        <div key={group[0]!.key} className="toolbar__group">
          {i > 0 && <span className="toolbar__separator" aria-hidden="true" />}
          {group.map((b) => (
            <button
              key={b.key}
              type="button"
              data-key={b.key}
              className={`toolbar__button toolbar__button--${b.key}`}
              aria-pressed={b.pressed}
              aria-expanded={b.expanded}
              disabled={b.disabled}
              title={b.label}
              // Keep the editor's selection: the command runs on it.
              onMouseDown={(e) => e.preventDefault()}
              onClick={b.run}
            >
              <span aria-hidden="true">{b.icon}</span>
              <span className="visually-hidden">{b.label}</span>
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}

/** Sets, changes or removes the link at the selection. Esc closes it and returns to the text. */
function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const current = (editor.getAttributes('link').href as string | undefined) ?? '';
  const [value, setValue] = useState(current);
  const [error, setError] = useState<'invalid' | 'refused' | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseLinkInput(value);
    if ('error' in parsed) {
      setError(parsed.error);
      input.current?.focus();
      return;
    }
    const { href } = parsed;
    const { empty } = editor.state.selection;
    if (empty && !editor.isActive('link')) {
      // Nothing selected: the address itself becomes the linked text.
      editor.chain().focus().insertContent({ type: 'text', text: href.replace(/^mailto:/, ''), marks: [{ type: 'link', attrs: { href } }] }).run();
    } else {
      editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    }
    onClose();
  };

  const remove = () => {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    onClose();
  };

  return (
    <form
      className="link-form"
      aria-label={t('notes.linkForm')}
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          close();
        }
      }}
    >
      <label htmlFor={`${id}url`}>{t('notes.linkUrl')}</label>
      <input
        id={`${id}url`}
        ref={input}
        type="text"
        inputMode="url"
        autoComplete="url"
        value={value}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}error` : undefined}
        placeholder="https://"
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
      />
      <button type="submit" className="button button--small button--primary">
        {t('notes.linkSave')}
      </button>
      {current && (
        <>
          <button type="button" className="button button--small" onClick={remove}>
            {t('notes.linkRemove')}
          </button>
          {isAllowedLinkTarget(current, document.baseURI) && (
            <a href={current} target="_blank" rel="noopener noreferrer nofollow" className="link-form__open">
              {t('notes.linkOpen')}
            </a>
          )}
        </>
      )}
      <button type="button" className="button button--small" onClick={close}>
        {t('space.cancel')}
      </button>
      {error && (
        <p id={`${id}error`} className="link-form__error" role="alert">
          {t(error === 'refused' ? 'notes.linkRefused' : 'notes.linkInvalid')}
        </p>
      )}
    </form>
  );
}
