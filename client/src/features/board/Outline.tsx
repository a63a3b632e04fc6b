import { readSections, readStickies, type SectionEntry, type StickyEntry } from '@samla/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as Y from 'yjs';
import { personName } from '../../i18n/personName';
import { useBoard } from './context';
import {
  applyText,
  boardMaps,
  byPosition,
  moveStickyToSection,
  setField,
} from './model';

/** Re-renders on any change in the board (the outline shows everything at once). */
function useBoardSnapshot(doc: Y.Doc) {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const { stickies, sections } = boardMaps(doc);
    const bump = () => setVersion((v) => v + 1);
    stickies.observeDeep(bump);
    sections.observeDeep(bump);
    return () => {
      stickies.unobserveDeep(bump);
      sections.unobserveDeep(bump);
    };
  }, [doc]);
  const sectionList = readSections(doc).sort(byPosition);
  const known = new Set(sectionList.map((s) => s.id));
  const groups = new Map<string | null, StickyEntry[]>([[null, []], ...sectionList.map((s) => [s.id, []] as [string, StickyEntry[]])]);
  for (const s of readStickies(doc)) {
    groups.get(s.sectionId && known.has(s.sectionId) ? s.sectionId : null)!.push(s);
  }
  for (const list of groups.values()) list.sort(byPosition);
  return { sectionList, groups };
}

/**
 * The board as a document: each section a heading with its stickies as a list, then the stickies
 * outside sections. Texts and titles are editable here, and a select moves a sticky between sections.
 */
export function Outline({ headingLevel }: { headingLevel: 2 | 3 }) {
  const { t } = useTranslation();
  const board = useBoard();
  const { sectionList, groups } = useBoardSnapshot(board.doc);
  const H = `h${headingLevel}` as const;
  const total = [...groups.values()].reduce((n, l) => n + l.length, 0);

  if (total === 0 && sectionList.length === 0) {
    return <p className="board-outline__empty">{t('board.empty')}</p>;
  }
  return (
    <div className="board-outline">
      {sectionList.map((section) => (
        <section key={section.id} className="board-outline__group" aria-labelledby={`outline-h-${section.id}`}>
          <H id={`outline-h-${section.id}`} className="board-outline__heading">
            {section.title || t('board.untitledSection')}
          </H>
          {!board.readOnly && (
            <SectionTitleInput section={section} />
          )}
          <StickyList stickies={groups.get(section.id)!} sections={sectionList} />
        </section>
      ))}
      <section className="board-outline__group" aria-labelledby="outline-h-none">
        <H id="outline-h-none" className="board-outline__heading">
          {t('board.noSectionHeading')}
        </H>
        <StickyList stickies={groups.get(null)!} sections={sectionList} />
      </section>
    </div>
  );
}

function SectionTitleInput({ section }: { section: SectionEntry }) {
  const { t } = useTranslation();
  const board = useBoard();
  const map = boardMaps(board.doc).sections.get(section.id);
  return (
    <label className="board-outline__field">
      <span>{t('board.sectionTitle')}</span>
      <input value={section.title} onChange={(e) => setField(board.doc, board.origin, map, 'title', e.target.value)} />
    </label>
  );
}

function StickyList({ stickies, sections }: { stickies: StickyEntry[]; sections: SectionEntry[] }) {
  const { t } = useTranslation();
  if (stickies.length === 0) return <p className="muted small">{t('board.noStickies')}</p>;
  return (
    <ul className="board-outline__list">
      {stickies.map((s) => (
        <OutlineSticky key={s.id} sticky={s} sections={sections} />
      ))}
    </ul>
  );
}

function OutlineSticky({ sticky, sections }: { sticky: StickyEntry; sections: SectionEntry[] }) {
  const { t } = useTranslation();
  const board = useBoard();
  const textId = `outline-text-${sticky.id}`;
  const sectionSelectId = `outline-section-${sticky.id}`;
  const onText = (value: string) => {
    const text = boardMaps(board.doc).stickies.get(sticky.id)?.get('text');
    if (text instanceof Y.Text) board.doc.transact(() => applyText(text, value), board.origin);
  };
  return (
    <li className={`board-outline__item board-outline__item--${sticky.color}`}>
      <div className="board-outline__meta">
        <span>{t('board.byAuthor', { author: personName(t, sticky.authorName) })}</span>
        <span>{t('board.colorName', { color: t(`board.colors.${sticky.color}`) })}</span>
      </div>
      {board.readOnly ? (
        <p className="board-outline__text">{sticky.text || t('board.emptySticky')}</p>
      ) : (
        <>
          <label htmlFor={textId} className="board-outline__label">
            {t('board.stickyTextBy', { author: personName(t, sticky.authorName) })}
          </label>
          <textarea id={textId} value={sticky.text} rows={2} onChange={(e) => onText(e.target.value)} />
          <label htmlFor={sectionSelectId} className="board-outline__label">
            {t('board.section')}
          </label>
          <select
            id={sectionSelectId}
            value={sticky.sectionId ?? ''}
            onChange={(e) => {
              const target = e.target.value || null;
              moveStickyToSection(board.doc, board.origin, sticky.id, target);
              board.announce(
                target
                  ? t('board.announce.droppedIn', { title: sections.find((s) => s.id === target)?.title || t('board.untitledSection') })
                  : t('board.announce.dropped'),
              );
            }}
          >
            <option value="">{t('board.noSection')}</option>
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title || t('board.untitledSection')}
              </option>
            ))}
          </select>
        </>
      )}
    </li>
  );
}
