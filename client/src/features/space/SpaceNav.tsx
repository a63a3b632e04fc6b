import type { SpaceEntry } from '@samla/shared';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router-dom';
import type * as Y from 'yjs';
import { newItemId } from './itemId';
import { archiveItem, createItem, moveItem, renameItem, restoreItem, type ItemKind, type SpaceList } from './model';
import './space.css';

interface Props {
  groupId: string;
  doc: Y.Doc | null;
  list: SpaceList;
  canEdit: boolean;
  userId: string;
}

export const itemPath = (groupId: string, item: Pick<SpaceEntry, 'kind' | 'id'>): string =>
  `/groups/${encodeURIComponent(groupId)}/${item.kind === 'page' ? 'pages' : 'boards'}/${item.id}`;

/** A page or board icon; the kind is also said in words (visually hidden) after the title. */
export function KindIcon({ kind }: { kind: ItemKind | 'notes' }) {
  const common = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false, className: 'space-icon' } as const;
  if (kind === 'board') {
    return (
      <svg {...common}>
        <rect x="1.5" y="1.5" width="13" height="13" rx="2" fill="none" stroke="currentColor" strokeWidth="1.4" />
        <rect x="4" y="4" width="3.5" height="3.5" fill="currentColor" />
        <rect x="9" y="5.5" width="3.5" height="3.5" fill="currentColor" />
        <rect x="5" y="9.5" width="3.5" height="3" fill="currentColor" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <path d="M3.5 1.5h6l3 3v10h-9z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
      <path d="M5.5 7.5h5M5.5 10h5M5.5 12.5h3" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  );
}

/** Shows an item's title, or "Untitled page/board" when it has none. */
export function useItemTitle() {
  const { t } = useTranslation();
  return (item: Pick<SpaceEntry, 'kind' | 'title'>) => item.title || t(item.kind === 'page' ? 'space.untitledPage' : 'space.untitledBoard');
}

/** A one-field inline form: create or rename. Esc cancels. */
function TitleForm({
  label,
  submitLabel,
  initial,
  onSubmit,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  initial: string;
  onSubmit: (title: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const [value, setValue] = useState(initial);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(value);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };
  return (
    <form className="space-form" onSubmit={submit} onKeyDown={onKeyDown}>
      <label htmlFor={inputId} className="space-form__label">
        {label}
      </label>
      <input id={inputId} ref={input} className="space-form__input" value={value} maxLength={200} onChange={(e) => setValue(e.target.value)} />
      <div className="space-form__buttons">
        <button type="submit" className="button button--primary button--small">
          {submitLabel}
        </button>
        <button type="button" className="button button--small" onClick={onCancel}>
          {t('space.cancel')}
        </button>
      </div>
    </form>
  );
}

type Focus = { id: string; target: 'actions' | 'link' } | { id: 'archive' | 'create-page' | 'create-board'; target: 'self' };

/**
 * The group's documents: the standing notes first, then pages and boards by order. Members can
 * create, rename, move, archive and restore; observers see only the links.
 */
export function SpaceNav({ groupId, doc, list, canEdit, userId }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const titleOf = useItemTitle();
  const headingId = useId();
  const [creating, setCreating] = useState<ItemKind | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [openActions, setOpenActions] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focus, setFocus] = useState<Focus | null>(null);
  const nav = useRef<HTMLElement>(null);
  const editable = canEdit && doc !== null;

  // Moving a row in the DOM loses its focus: put focus back where the person was after each change.
  useEffect(() => {
    if (!focus) return;
    const selector = focus.target === 'self' ? `[data-focus="${focus.id}"]` : `[data-item="${focus.id}"][data-focus="${focus.target}"]`;
    nav.current?.querySelector<HTMLElement>(selector)?.focus();
    setFocus(null);
  }, [focus, list]);

  if (!editable && (creating || renaming || openActions)) {
    // Lost the right to edit (read-only signal arrived): drop any open form.
    setCreating(null);
    setRenaming(null);
    setOpenActions(null);
  }

  const create = (kind: ItemKind, title: string) => {
    if (!doc) return;
    const id = newItemId();
    createItem(doc, { id, kind, title, createdBy: userId, now: Date.now() });
    setCreating(null);
    navigate(itemPath(groupId, { kind, id }));
  };

  const move = (item: SpaceEntry, direction: 'up' | 'down') => {
    if (!doc || !moveItem(doc, item.id, direction)) return;
    const index = list.active.findIndex((e) => e.id === item.id) + (direction === 'up' ? -1 : 1);
    setAnnouncement(t('space.moved', { title: titleOf(item), position: index + 1, count: list.active.length }));
    setFocus({ id: item.id, target: 'actions' });
  };

  const archive = (item: SpaceEntry) => {
    if (!doc) return;
    archiveItem(doc, item.id);
    setOpenActions(null);
    setAnnouncement(t('space.archivedAnnouncement', { title: titleOf(item) }));
    setFocus({ id: 'archive', target: 'self' });
  };

  const restore = (item: SpaceEntry) => {
    if (!doc) return;
    restoreItem(doc, item.id);
    setAnnouncement(t('space.restoredAnnouncement', { title: titleOf(item) }));
    setFocus({ id: item.id, target: 'link' });
  };

  const itemLink = (item: SpaceEntry) => (
    <NavLink to={itemPath(groupId, item)} className="space-nav__link" data-item={item.id} data-focus="link" title={titleOf(item)}>
      <KindIcon kind={item.kind} />
      <span className="space-nav__title">{titleOf(item)}</span>
      <span className="visually-hidden">, {t(`space.kind.${item.kind}`)}</span>
    </NavLink>
  );

  return (
    <nav className="space-nav" aria-labelledby={headingId} ref={nav}>
      <h2 id={headingId} className="space-nav__heading">
        {t('space.title')}
      </h2>
      <ul className="space-nav__list">
        <li className="space-nav__item">
          <NavLink to={`/groups/${encodeURIComponent(groupId)}`} end className="space-nav__link">
            <KindIcon kind="notes" />
            <span className="space-nav__title">{t('notes.title')}</span>
          </NavLink>
        </li>
        {list.active.map((item, index) => (
          <li
            key={item.id}
            className="space-nav__item"
            onKeyDown={(e) => {
              // Esc closes the item's open actions and returns to its button.
              if (e.key !== 'Escape' || openActions !== item.id) return;
              e.preventDefault();
              setOpenActions(null);
              setFocus({ id: item.id, target: 'actions' });
            }}
          >
            {renaming === item.id ? (
              <TitleForm
                label={t('space.renameLabel', { title: titleOf(item) })}
                submitLabel={t('space.save')}
                initial={item.title}
                onSubmit={(title) => {
                  if (doc) renameItem(doc, item.id, title);
                  setRenaming(null);
                  setFocus({ id: item.id, target: 'actions' });
                }}
                onCancel={() => {
                  setRenaming(null);
                  setFocus({ id: item.id, target: 'actions' });
                }}
              />
            ) : (
              <div className="space-nav__row">
                {itemLink(item)}
                {editable && (
                  <button
                    type="button"
                    className="space-nav__more"
                    aria-expanded={openActions === item.id}
                    aria-controls={`space-actions-${item.id}`}
                    data-item={item.id}
                    data-focus="actions"
                    onClick={() => setOpenActions((open) => (open === item.id ? null : item.id))}
                  >
                    <span aria-hidden="true">⋯</span>
                    <span className="visually-hidden">{t('space.actions', { title: titleOf(item) })}</span>
                  </button>
                )}
              </div>
            )}
            {editable && openActions === item.id && renaming !== item.id && (
              <div
                className="space-nav__actions"
                id={`space-actions-${item.id}`}
                role="group"
                aria-label={t('space.actions', { title: titleOf(item) })}
              >
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => {
                    setOpenActions(null);
                    setRenaming(item.id);
                  }}
                >
                  {t('space.rename')}
                </button>
                <button type="button" className="button button--small" disabled={index === 0} onClick={() => move(item, 'up')}>
                  {t('space.moveUp')}
                </button>
                <button type="button" className="button button--small" disabled={index === list.active.length - 1} onClick={() => move(item, 'down')}>
                  {t('space.moveDown')}
                </button>
                <button type="button" className="button button--small" onClick={() => archive(item)}>
                  {t('space.archive')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {list.active.length === 0 && <p className="muted small">{editable ? t('space.emptyHint') : t('space.empty')}</p>}

      {editable &&
        (creating ? (
          <TitleForm
            label={t(creating === 'page' ? 'space.newPageLabel' : 'space.newBoardLabel')}
            submitLabel={t('space.create')}
            initial=""
            onSubmit={(title) => create(creating, title)}
            onCancel={() => {
              setFocus({ id: creating === 'page' ? 'create-page' : 'create-board', target: 'self' });
              setCreating(null);
            }}
          />
        ) : (
          <div className="space-nav__create">
            <button type="button" className="button button--small" data-focus="create-page" onClick={() => setCreating('page')}>
              <span aria-hidden="true">+ </span>
              {t('space.newPage')}
            </button>
            <button type="button" className="button button--small" data-focus="create-board" onClick={() => setCreating('board')}>
              <span aria-hidden="true">+ </span>
              {t('space.newBoard')}
            </button>
          </div>
        ))}

      {list.archived.length > 0 && (
        <details className="space-nav__archive">
          <summary data-focus="archive">{t('space.archiveTitle', { count: list.archived.length })}</summary>
          <ul className="space-nav__list">
            {list.archived.map((item) => (
              <li key={item.id} className="space-nav__item">
                <div className="space-nav__row">
                  {itemLink(item)}
                  {editable && (
                    <button type="button" className="button button--small" onClick={() => restore(item)}>
                      {t('space.restore')}
                      <span className="visually-hidden"> {titleOf(item)}</span>
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </nav>
  );
}
