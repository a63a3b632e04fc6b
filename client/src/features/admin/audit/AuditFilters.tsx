import { auditActions, AUDIT_SYSTEM_ACTOR, isAuditAction, routes, type AuditFilterChoices, type AuditFilterQuery } from '@samla/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../../hooks/useApi';
import { actionLabel } from './format';

export const FILTERS = ['action', 'actor', 'organisation', 'from', 'to'] as const;
export type FilterName = (typeof FILTERS)[number];

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The filters as the address has them, each kept only when it has the shape the server takes (an old or
 * hand-edited address shows the log unfiltered by it rather than an error); `rangeError` when the dates
 * are the wrong way round.
 */
export function readFilters(params: URLSearchParams): { query: AuditFilterQuery; rangeError: boolean } {
  const query: AuditFilterQuery = {};
  const action = params.get('action');
  if (action && isAuditAction(action)) query.action = action;
  for (const name of ['actor', 'organisation'] as const) {
    const value = params.get(name);
    if (value && value.length <= 100) query[name] = value;
  }
  for (const name of ['from', 'to'] as const) {
    const value = params.get(name);
    if (value && isDate(value)) query[name] = value;
  }
  return { query, rangeError: Boolean(query.from && query.to && query.from > query.to) };
}

/**
 * The audit log's filters: event, who, organisation, and a date range. Each applies as it changes (the
 * address keeps it, so Back and a shared link show the same view); plain selects and date inputs, so
 * all of it works by keyboard.
 */
export function AuditFilters({ params, onChange }: { params: URLSearchParams; onChange: (name: FilterName, value: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  // Only the choices of who and which organisation; without them those two offer "all" only.
  const choices = useRoute(routes.audit.filters);
  const data: AuditFilterChoices = choices.data ?? { actors: [], organisations: [] };
  const value = (name: FilterName) => params.get(name) ?? '';
  const known = choices.status === 'ok';
  const select = (name: FilterName, label: string, all: string, options: { id: string; label: string }[]) => {
    const current = value(name);
    return (
      <div className="field">
        <label htmlFor={`${id}${name}`}>{label}</label>
        <select id={`${id}${name}`} value={current} onChange={(e) => onChange(name, e.target.value)}>
          <option value="">{all}</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
          {/* A value from the address that is not among the choices (a person since deleted) still shows as chosen. */}
          {current && known && !options.some((o) => o.id === current) && <option value={current}>{t('audit.unknownChoice', { id: current })}</option>}
        </select>
      </div>
    );
  };

  return (
    <form className="audit-filters" role="search" aria-label={t('audit.filtersLabel')} onSubmit={(e) => e.preventDefault()}>
      {select('action', t('audit.filterAction'), t('audit.allActions'), auditActions.map((a) => ({ id: a, label: actionLabel(t, a) })))}
      {select('actor', t('audit.filterActor'), t('audit.allActors'), [
        { id: AUDIT_SYSTEM_ACTOR, label: t('audit.system') },
        ...data.actors.map((a) => ({ id: a.id, label: a.organisation ? t('audit.actorOption', { name: a.name, organisation: a.organisation }) : a.name })),
      ])}
      {select(
        'organisation',
        t('audit.filterOrganisation'),
        t('audit.allOrganisations'),
        data.organisations.map((o) => ({ id: o.id, label: o.left ? t('audit.organisationLeft', { name: o.name }) : o.name })),
      )}
      <DateFilter id={`${id}from`} label={t('audit.from')} value={value('from')} max={value('to')} onCommit={(v) => onChange('from', v)} />
      <DateFilter id={`${id}to`} label={t('audit.to')} value={value('to')} min={value('from')} onCommit={(v) => onChange('to', v)} />
      {choices.status === 'error' && (
        <p className="audit-filters__note small" role="status">
          {t('audit.filtersError')}
        </p>
      )}
    </form>
  );
}

/** How long a date may rest before it applies; leaving the field or Enter applies it at once. */
const DATE_SETTLES_MS = 700;

/**
 * A date field that applies its value once it has settled. Typed digit by digit, a date field reports
 * every step ("0002-03-01", "0020-03-01", … "2026-03-01"); applying each would fetch the log for
 * each and flash "no events" in between.
 */
function DateFilter(props: { id: string; label: string; value: string; min?: string; max?: string; onCommit: (value: string) => void }) {
  const { id, label, value, min, max, onCommit } = props;
  const [draft, setDraft] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The address changed by itself (Back, "show all"): show its value.
  useEffect(() => setDraft(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const commit = (next: string) => {
    clearTimeout(timer.current);
    if (next !== value) onCommit(next);
  };
  return (
    <div className="field audit-filters__date">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={draft}
        min={min || undefined}
        max={max || undefined}
        onChange={(e) => {
          const next = e.target.value;
          setDraft(next);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(next), DATE_SETTLES_MS);
        }}
        onBlur={() => commit(draft)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(draft);
        }}
      />
    </div>
  );
}
