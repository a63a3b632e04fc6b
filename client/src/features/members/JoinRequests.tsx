import { routes, type GroupRole, type JoinRequest } from '@samla/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { useAction } from '../../hooks/useAction';
import { useRoute } from '../../hooks/useApi';
import { errorMessage } from '../../i18n/errors';
import { RoleSelect } from './RoleSelect';

interface Props {
  groupId: string;
  formatDate: (iso: string) => string;
  /** After an approval or rejection: what to announce; `approved` when the member list changed. */
  onDecided: (message: string, approved: boolean) => void;
}

/** Pending requests to join, for facilitators and coordinators: approve with a role, or reject. */
export function JoinRequests({ groupId, formatDate, onDecided }: Props) {
  const { t } = useTranslation();
  const ids = useId();
  const requests = useRoute(routes.groups.joinRequests, { params: { groupId } });

  return (
    <section className="section" aria-labelledby={`${ids}heading`}>
      <h2 id={`${ids}heading`} tabIndex={-1}>
        {t('groupMembers.requestsHeading')}
      </h2>
      {requests.status === 'loading' && <Loading label={t('groupMembers.requestsLoading')} />}
      {requests.status === 'error' && (
        <ErrorState title={t('groupMembers.requestsError')} onRetry={requests.reload}>
          <p>{errorMessage(t, requests.error.code)}</p>
        </ErrorState>
      )}
      {requests.status === 'ok' &&
        (requests.data.requests.length === 0 ? (
          <p className="muted">{t('groupMembers.requestsEmpty')}</p>
        ) : (
          <ul className="list-plain join-requests">
            {requests.data.requests.map((r) => (
              <RequestItem
                key={r.userId}
                request={r}
                groupId={groupId}
                requestedOn={formatDate(r.createdAt)}
                onDecided={(message, approved) => {
                  onDecided(message, approved);
                  requests.refresh();
                  document.getElementById(`${ids}heading`)?.focus();
                }}
              />
            ))}
          </ul>
        ))}
    </section>
  );
}

function RequestItem({
  request,
  groupId,
  requestedOn,
  onDecided,
}: {
  request: JoinRequest;
  groupId: string;
  requestedOn: string;
  onDecided: (message: string, approved: boolean) => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const [role, setRole] = useState<GroupRole>('member');
  const action = useAction();
  const params = { groupId, userId: request.userId };

  return (
    <li className="card join-request" aria-labelledby={`${ids}name`}>
      <p id={`${ids}name`} className="join-request__name">
        <strong>{request.name}</strong>
        {request.organisation && <span className="muted">, {request.organisation}</span>}
      </p>
      <p className="muted small">{t('groupMembers.requestedOn', { date: requestedOn })}</p>
      <div className="inline-form">
        <RoleSelect id={`${ids}role`} label={t('groupMembers.approveRoleLabel', { name: request.name })} value={role} onChange={setRole} />
        <button
          type="button"
          className="button button--primary button--quiet"
          disabled={action.pending}
          aria-label={t('groupMembers.approveLabel', { name: request.name })}
          onClick={() =>
            void action.run(async () => {
              const { member } = await call(routes.groups.approveJoin, { params, body: { role } });
              onDecided(t('groupMembers.approved', { name: member.name, role: t(`roles.${member.role}`) }), true);
            })
          }
        >
          {t('groupMembers.approve')}
        </button>
        <button
          type="button"
          className="button button--quiet"
          disabled={action.pending}
          aria-label={t('groupMembers.rejectLabel', { name: request.name })}
          onClick={() =>
            void action.run(async () => {
              await call(routes.groups.rejectJoin, { params });
              onDecided(t('groupMembers.rejected', { name: request.name }), false);
            })
          }
        >
          {t('groupMembers.reject')}
        </button>
      </div>
      {action.error && (
        <p className="form-error" role="alert">
          {errorMessage(t, action.error.code)}
        </p>
      )}
    </li>
  );
}
