import { routes, type GroupRole } from '@samla/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { useAction } from '../../hooks/useAction';
import { errorMessage } from '../../i18n/errors';

/** "Lämna gruppen": anyone in the group may leave it, after a confirmation. */
export function LeaveGroup({ groupId, groupName, userId, role, onLeft }: { groupId: string; groupName: string; userId: string; role: GroupRole; onLeft: () => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const leave = useAction();
  return (
    <section className="section" aria-labelledby={`${ids}heading`}>
      <h2 id={`${ids}heading`}>{t('groupMembers.leaveHeading')}</h2>
      <p>{t('groupMembers.leaveText', { role: t(`roles.${role}`) })}</p>
      <ConfirmAction
        trigger={t('groupMembers.leave')}
        question={<p>{t('groupMembers.leaveConfirm', { group: groupName })}</p>}
        confirmLabel={t('groupMembers.leaveYes')}
        cancelLabel={t('groupMembers.cancel')}
        pendingLabel={t('groupMembers.leaving')}
        pending={leave.pending}
        error={leave.error ? errorMessage(t, leave.error.code) : null}
        onCancel={leave.clear}
        onConfirm={() =>
          leave.run(async () => {
            await call(routes.groups.removeMember, { params: { groupId, userId } });
            onLeft();
          })
        }
      />
    </section>
  );
}
