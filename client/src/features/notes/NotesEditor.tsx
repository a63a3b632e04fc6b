import type { PublicUser } from '@samla/shared';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { CollabSession } from '../../collab/useCollabDoc';
import { textColorOn } from '../../components/color';

interface Props {
  session: CollabSession;
  user: PublicUser;
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

/** The group's co-edited notes: Tiptap bound to the Y.XmlFragment "default" with everyone's carets. */
export function NotesEditor({ session, user, editable, labelledBy, describedBy }: Props) {
  const editor = useEditor(
    {
      extensions: [
        // Collaboration brings its own (Yjs) undo history.
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: session.doc, field: 'default' }),
        CollaborationCaret.configure({
          provider: session.provider,
          user: { name: user.name, color: user.color },
          render: renderCaret,
        }),
      ],
      editable,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: {
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-labelledby': labelledBy,
          ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          class: 'notes-editor__content',
          spellcheck: 'true',
        },
      },
    },
    [session, user.name, user.color],
  );

  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable);
    editor.view.dom.setAttribute('aria-readonly', String(!editable));
  }, [editor, editable]);

  return (
    <div className="notes-editor">
      {editable && <Toolbar editor={editor} />}
      <EditorContent editor={editor} />
    </div>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      heading: e.isActive('heading', { level: 2 }),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const toggles = [
    { key: 'heading', label: t('notes.heading'), icon: 'H', run: () => editor.chain().focus().toggleHeading({ level: 2 }).run() },
    { key: 'bold', label: t('notes.bold'), icon: 'B', run: () => editor.chain().focus().toggleBold().run() },
    { key: 'italic', label: t('notes.italic'), icon: 'I', run: () => editor.chain().focus().toggleItalic().run() },
    { key: 'bulletList', label: t('notes.bulletList'), icon: '•', run: () => editor.chain().focus().toggleBulletList().run() },
    { key: 'orderedList', label: t('notes.orderedList'), icon: '1.', run: () => editor.chain().focus().toggleOrderedList().run() },
  ] as const;

  return (
    <div className="toolbar" role="group" aria-label={t('notes.toolbar')}>
      {toggles.map((b) => (
        <button
          key={b.key}
          type="button"
          className={`toolbar__button toolbar__button--${b.key}`}
          aria-pressed={active[b.key]}
          title={b.label}
          onClick={b.run}
        >
          <span aria-hidden="true">{b.icon}</span>
          <span className="visually-hidden">{b.label}</span>
        </button>
      ))}
      <span className="toolbar__separator" aria-hidden="true" />
      <button type="button" className="toolbar__button" title={t('notes.undo')} disabled={!active.canUndo} onClick={() => editor.chain().focus().undo().run()}>
        <span aria-hidden="true">↶</span>
        <span className="visually-hidden">{t('notes.undo')}</span>
      </button>
      <button type="button" className="toolbar__button" title={t('notes.redo')} disabled={!active.canRedo} onClick={() => editor.chain().focus().redo().run()}>
        <span aria-hidden="true">↷</span>
        <span className="visually-hidden">{t('notes.redo')}</span>
      </button>
    </div>
  );
}
