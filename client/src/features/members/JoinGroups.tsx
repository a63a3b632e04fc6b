import { routes, type GroupRole, type WorkingGroup } from '@samla/shared';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, isApiError } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import '../../components/manage.css';
import { useAction } from '../../hooks/useAction';
import { useRoute } from '../../hooks/useApi';
import { currentLocale } from '../../i18n';
import { errorMessage } from '../../i18n/errors';
import { useSocketEvent } from '../../realtime/RealtimeProvider';

interface Props {
  /** The groups this person is in (from the home screen's list). */
  myGroupIds: ReadonlySet<string>;
}

/**
 * "Fler arbetsgrupper" on the home screen: the working groups this person is not in, each with
 * "Be att få gå med" or the pending request. Listens on Socket.IO, so an approved request moves the
 * group into "Mina grupper" without a reload.
 */
export default function JoinGroups({ myGroupIds }: Props) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const all = useRoute(routes.groups.working);
  const mine = useRoute(routes.groups.myJoinRequests);
  const [message, setMessage] = useState('');
  const date = new Intl.DateTimeFormat(currentLocale(i18n), { dateStyle: 'medium' });

  // The latest values for the socket handlers, which are registered once.
  const latest = useRef({ groups: all.data?.groups, t });
  latest.current = { groups: all.data?.groups, t };

  // Over the tab's socket, which hears this person's membership news without joining anything; the
  // lists on this screen are read again by the query cache (query.tsx).
  useSocketEvent('membership:changed', ({ groupId, role }: { groupId: string; role: GroupRole }) => {
    const { groups, t: tr } = latest.current;
    const name = groups?.find((g) => g.id === groupId)?.name;
    if (name) setMessage(tr('joinGroups.approved', { name, role: tr(`roles.${role}`) }));
  });

  let body;
  if (all.status === 'loading' || mine.status === 'loading') body = <Loading label={t('joinGroups.loading')} />;
  else if (all.status === 'error' || mine.status === 'error') {
    const error = (all.error ?? mine.error)!;
    body = (
      <ErrorState
        title={t('joinGroups.errorTitle')}
        onRetry={() => {
          all.reload();
          mine.reload();
        }}
      >
        <p>{errorMessage(t, error.code)}</p>
      </ErrorState>
    );
  } else {
    const pending = new Map(mine.data.requests.map((r) => [r.groupId, r.createdAt]));
    const others = all.data.groups.filter((g) => !myGroupIds.has(g.id));
    body =
      others.length === 0 ? (
        <p className="muted">{t('joinGroups.empty')}</p>
      ) : (
        <ul className="group-list">
          {others.map((g) => (
            <JoinableGroup
              key={g.id}
              group={g}
              pendingSince={pending.has(g.id) ? date.format(new Date(pending.get(g.id)!)) : null}
              onRequested={() => {
                setMessage(t('joinGroups.sent', { name: g.name }));
                mine.refresh();
              }}
            />
          ))}
        </ul>
      );
  }

  return (
    <section className="section" aria-labelledby={`${ids}heading`}>
      <h2 id={`${ids}heading`}>{t('joinGroups.heading')}</h2>
      <p className="muted">{t('joinGroups.intro')}</p>
      <p className="status-line" role="status">
        {message}
      </p>
      {body}
    </section>
  );
}

function JoinableGroup({ group, pendingSince, onRequested }: { group: WorkingGroup; pendingSince: string | null; onRequested: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const ids = useId();

  const request = () =>
    void action.run(async () => {
      try {
        await call(routes.groups.requestJoin, { params: { groupId: group.id } });
      } catch (err) {
        // Already asked (in another tab): the pending state is what the person wanted.
        if (!isApiError(err) || err.code !== 'conflict') throw err;
      }
      onRequested();
    });

  return (
    <li className="group-card join-card" aria-labelledby={`${ids}name`}>
      <h3 id={`${ids}name`} className="group-card__title">
        {group.name}
      </h3>
      {group.description && <p className="group-card__description">{group.description}</p>}
      <p className="group-card__meta">
        <span>{t('joinGroups.memberCount', { count: group.memberCount })}</span>
      </p>
      {pendingSince ? (
        <p className="badge">{t('joinGroups.pending', { date: pendingSince })}</p>
      ) : (
        <button
          type="button"
          className="button"
          disabled={action.pending}
          aria-label={t('joinGroups.requestLabel', { name: group.name })}
          onClick={request}
        >
          {action.pending ? t('joinGroups.requesting') : t('joinGroups.request')}
        </button>
      )}
      {action.error && (
        <p className="form-error" role="alert">
          {t('joinGroups.requestError', { message: errorMessage(t, action.error.code) })}
        </p>
      )}
    </li>
  );
}
