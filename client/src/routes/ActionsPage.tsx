import { routes, type QueryInput, type TrackedAction, type TrackedActionsResponse } from '@samla/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call } from '../api';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import '../features/archive/archive.css';
import { useAction } from '../hooks/useAction';
import { useRoute } from '../hooks/useApi';
import { useParamsState } from '../hooks/useParamsState';
import { currentLocale } from '../i18n';
import { formatDueDate } from '../features/meetings/dueDate';
import { apiErrorMessage, errorMessage } from '../i18n/errors';
import { personName } from '../i18n/personName';

const FILTERS = ['group', 'owner', 'organisation', 'status', 'overdue'] as const;

/**
 * `/actions` ("Åtgärder"): the action items of the sessions in the person's groups, open first, with
 * filters kept in the address (group, owner, organisation, status, overdue); marking done and reopening
 * where the server says the person may (`mayChange`); each links back to its session.
 */
export default function ActionsPage() {
  const { t } = useTranslation();
  const ids = useId();
  const [params, setParams] = useParamsState();
  // The filters as the address bar has them: the server checks each.
  const query: Record<string, string> = {};
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) query[f] = v;
  }
  const filtered = Object.keys(query).length > 0;
  const actions = useRoute(routes.meetings.myActions, { query: query as QueryInput<typeof routes.meetings.myActions> });
  const [message, setMessage] = useState('');
  // Filter choices stay as they were while a filtered list loads.
  const [choices, setChoices] = useState<TrackedActionsResponse['filters'] | null>(null);
  if (actions.status === 'ok' && actions.data.filters !== choices) setChoices(actions.data.filters);

  const set = (name: (typeof FILTERS)[number], value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const select = (name: 'group' | 'owner' | 'organisation', options: { id: string; name: string }[], all: string) => (
    <div className="field">
      <label htmlFor={`${ids}${name}`}>{t(`actions.filter.${name}`)}</label>
      <select id={`${ids}${name}`} value={params.get(name) ?? ''} onChange={(e) => set(name, e.target.value)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {name === 'owner' ? personName(t, o.name) : o.name}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <div className="page">
      <h1>{t('actions.title')}</h1>
      <p className="lead">{t('actions.intro')}</p>
      <form className="tracker-filters" aria-label={t('actions.filtersLabel')} onSubmit={(e) => e.preventDefault()}>
        {select('group', choices?.groups ?? [], t('actions.filter.allGroups'))}
        {select('owner', choices?.owners ?? [], t('actions.filter.allOwners'))}
        {select('organisation', choices?.organisations ?? [], t('actions.filter.allOrganisations'))}
        <div className="field">
          <label htmlFor={`${ids}status`}>{t('actions.filter.status')}</label>
          <select id={`${ids}status`} value={params.get('status') ?? 'all'} onChange={(e) => set('status', e.target.value === 'all' ? '' : e.target.value)}>
            <option value="all">{t('actions.filter.statusAll')}</option>
            <option value="open">{t('actions.filter.statusOpen')}</option>
            <option value="done">{t('actions.filter.statusDone')}</option>
          </select>
        </div>
        <label className="tracker-filters__check">
          <input type="checkbox" checked={params.get('overdue') === 'true'} onChange={(e) => set('overdue', e.target.checked ? 'true' : '')} />{' '}
          {t('actions.filter.overdue')}
        </label>
      </form>
      <p className="visually-hidden" role="status">
        {message}
      </p>
      {actions.status === 'loading' && <Loading label={t('actions.loading')} />}
      {actions.status === 'error' && (
        <ErrorState title={t('actions.error')} onRetry={actions.reload}>
          <p>{errorMessage(t, actions.error.code)}</p>
        </ErrorState>
      )}
      {actions.status === 'ok' &&
        (actions.data.actions.length === 0 ? (
          <EmptyState title={filtered ? t('actions.emptyFiltered') : t('actions.emptyTitle')}>
            <p>{filtered ? t('actions.emptyFilteredText') : t('actions.emptyText')}</p>
          </EmptyState>
        ) : (
          <>
            <p className="small muted">{t('actions.count', { count: actions.data.actions.length })}</p>
            <ul className="tracker-list" data-testid="tracker">
              {actions.data.actions.map((a) => (
                <TrackerItem key={`${a.meeting.id}/${a.item.id}`} action={a} onChanged={(text) => {
                  setMessage(text);
                  actions.refresh();
                }} />
              ))}
            </ul>
          </>
        ))}
    </div>
  );
}

function TrackerItem({ action: a, onChanged }: { action: TrackedAction; onChanged: (announcement: string) => void }) {
  const { t, i18n } = useTranslation();
  const change = useAction();
  const locale = currentLocale(i18n);
  const when = (ms: number | string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(ms));
  const { item } = a;

  const toggle = () =>
    void change.run(async () => {
      await call(routes.meetings.setActionDone, { params: { groupId: a.group.id, meetingId: a.meeting.id, actionId: item.id }, body: { done: !item.done } });
      onChanged(item.done ? t('actions.reopened', { text: item.text }) : t('actions.markedDone', { text: item.text }));
    });

  return (
    <li className={item.done ? 'tracker-item tracker-item--done' : 'tracker-item'}>
      <p className="tracker-item__text">{item.text}</p>
      <p className="tracker-item__meta small">
        <span>
          {t('actions.owner', { name: personName(t, item.owner.name) })}
          {a.organisation && item.owner.kind === 'user' ? ` (${a.organisation.name})` : ''}
        </span>
        {item.due && <span>{t('actions.due', { date: formatDueDate(item.due, locale) })}</span>}
        {a.overdue && <span className="badge">{t('actions.overdue')}</span>}
        <span className="badge">{item.done ? t('actions.doneOn', { date: when(item.doneAt ?? 0) }) : t('actions.open')}</span>
      </p>
      <p className="small">
        {t('actions.decidedAt')}{' '}
        <Link to={a.link}>
          {a.meeting.startedAt ? t('actions.sessionOn', { title: a.meeting.title, date: when(a.meeting.startedAt) }) : a.meeting.title}
        </Link>{' '}
        <span className="muted">· {a.group.name}</span>
      </p>
      {change.error && (
        <p className="form-error" role="alert">
          {apiErrorMessage(t, change.error)}
        </p>
      )}
      {a.mayChange && (
        <button type="button" className="button button--small" disabled={change.pending} onClick={toggle} aria-label={item.done ? t('actions.reopenLabel', { text: item.text }) : t('actions.markDoneLabel', { text: item.text })}>
          {item.done ? t('actions.reopen') : t('actions.markDone')}
        </button>
      )}
    </li>
  );
}
