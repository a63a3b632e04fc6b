import type { SpaceEntry } from '@samla/shared';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormField } from '../membership/FormField';
import { useItemTitle } from '../space/SpaceNav';
import { addAgendaItem, agendaMinutes, moveAgendaItem, removeAgendaItem, updateAgendaItem, type AgendaDraft, type DraftErrors } from './agenda';

interface Props {
  rows: AgendaDraft[];
  onChange: (rows: AgendaDraft[]) => void;
  errors: DraftErrors;
  /** The group's pages and boards (not archived), for the links. */
  items: readonly SpaceEntry[];
}

/**
 * The agenda of the scheduling form: one fieldset per item (title, timebox, linked page or board),
 * with buttons to move it up or down and to remove it. After a move, focus stays on the moved item's
 * button and the new position is announced; after removal, focus goes to a neighbour.
 */
export function AgendaEditor({ rows, onChange, errors, items }: Props) {
  const { t } = useTranslation();
  const titleOf = useItemTitle();
  const list = useRef<HTMLOListElement>(null);
  const [message, setMessage] = useState('');

  /** Focuses the first of the selectors that matches, once React has rendered the change. */
  const focusLater = (...selectors: string[]) =>
    requestAnimationFrame(() => {
      const root = list.current?.parentElement;
      for (const selector of selectors) {
        const el = root?.querySelector<HTMLElement>(selector);
        if (el) return el.focus();
      }
    });

  const move = (index: number, delta: -1 | 1) => {
    const next = moveAgendaItem(rows, index, delta);
    if (next === rows) return;
    onChange([...next]);
    const key = rows[index]!.key;
    // At either end that button is disabled: the other move button takes the focus.
    focusLater(`[data-key="${key}"] [data-move="${delta}"]:not(:disabled)`, `[data-key="${key}"] [data-move]:not(:disabled)`);
    setMessage(t('meetings.form.moved', { title: rows[index]!.title || t('meetings.form.untitled'), position: index + delta + 1, count: rows.length }));
  };
  const remove = (index: number) => {
    const title = rows[index]!.title || t('meetings.form.untitled');
    const next = removeAgendaItem(rows, index);
    onChange(next);
    setMessage(t('meetings.form.removed', { title }));
    const neighbour = next[Math.min(index, next.length - 1)];
    focusLater(neighbour ? `[data-key="${neighbour.key}"] input` : '[data-add]');
  };
  const add = () => {
    const next = addAgendaItem(rows);
    onChange(next);
    focusLater(`[data-key="${next[next.length - 1]!.key}"] input`);
  };

  return (
    <fieldset className="agenda-editor">
      <legend>{t('meetings.form.agenda')}</legend>
      <p className="field__hint">{t('meetings.form.agendaHint', { minutes: agendaMinutes(rows) })}</p>
      {rows.length === 0 && <p className="muted">{t('meetings.form.agendaEmpty')}</p>}
      <ol className="agenda-editor__list" ref={list}>
        {rows.map((row, i) => {
          const id = `agenda-${i}`;
          const titleError = errors[`agenda.${i}.title`];
          const timeboxError = errors[`agenda.${i}.timebox`];
          const name = row.title || t('meetings.form.untitledNumber', { n: i + 1 });
          return (
            <li key={row.key} data-key={row.key} className="agenda-editor__item">
              <fieldset>
                <legend>{t('meetings.form.itemLegend', { n: i + 1 })}</legend>
                <FormField id={`${id}-title`} label={t('meetings.form.itemTitle')} error={titleError ? t(`meetings.form.errors.${titleError}`) : null}>
                  {(p) => <input {...p} value={row.title} maxLength={200} onChange={(e) => onChange(updateAgendaItem(rows, i, { title: e.target.value }))} />}
                </FormField>
                <div className="agenda-editor__row">
                  <FormField id={`${id}-timebox`} label={t('meetings.form.timebox')} error={timeboxError ? t(`meetings.form.errors.${timeboxError}`) : null}>
                    {(p) => (
                      <input
                        {...p}
                        type="number"
                        inputMode="numeric"
                        min={1}
                        max={480}
                        value={row.timeboxMinutes}
                        onChange={(e) => onChange(updateAgendaItem(rows, i, { timeboxMinutes: e.target.value }))}
                      />
                    )}
                  </FormField>
                  <div className="field">
                    <label htmlFor={`${id}-link`}>{t('meetings.form.link')}</label>
                    <select id={`${id}-link`} value={row.link} onChange={(e) => onChange(updateAgendaItem(rows, i, { link: e.target.value }))}>
                      <option value="">{t('meetings.form.noLink')}</option>
                      {items.map((item) => (
                        <option key={item.id} value={`${item.kind}:${item.id}`}>
                          {t(item.kind === 'board' ? 'meetings.form.linkBoard' : 'meetings.form.linkPage', { title: titleOf(item) })}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <div className="agenda-editor__buttons">
                  <button type="button" className="button button--small" data-move="-1" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('meetings.form.moveUp', { title: name })}>
                    {t('meetings.form.up')}
                  </button>
                  <button type="button" className="button button--small" data-move="1" disabled={i === rows.length - 1} onClick={() => move(i, 1)} aria-label={t('meetings.form.moveDown', { title: name })}>
                    {t('meetings.form.down')}
                  </button>
                  <button type="button" className="button button--small button--danger-outline" onClick={() => remove(i)} aria-label={t('meetings.form.removeLabel', { title: name })}>
                    {t('meetings.form.remove')}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button type="button" className="button" data-add onClick={add} disabled={rows.length >= 50}>
        {t('meetings.form.addItem')}
      </button>
      <p className="visually-hidden" role="status">
        {message}
      </p>
    </fieldset>
  );
}
