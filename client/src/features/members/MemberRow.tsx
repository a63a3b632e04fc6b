import { routes, type GroupMember, type GroupRole } from '@samla/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { useAction } from '../../hooks/useAction';
import { errorMessage } from '../../i18n/errors';
import { RoleSelect } from './RoleSelect';

interface Props {
  groupId: string;
  member: GroupMember;
  isMe: boolean;
  canManage: boolean;
  since: string;
  /** After a change: what to announce, and whether the row left the table. */
  onChanged: (message: string, removed?: boolean) => void;
}

/** One member: name, organisation, role (a select and "Spara roll" for those who manage), since, remove. */
export function MemberRow({ groupId, member, isMe, canManage, since, onChanged }: Props) {
  const { t } = useTranslation();
  const ids = useId();
  const [role, setRole] = useState<GroupRole>(member.role);
  const save = useAction();
  const remove = useAction();
  const params = { groupId, userId: member.userId };
  const name = isMe ? t('groupMembers.you', { name: member.name }) : member.name;

  async function saveRole(event: FormEvent) {
    event.preventDefault();
    if (role === member.role) return;
    await save.run(async () => {
      const { member: saved } = await call(routes.groups.setRole, { params, body: { role } });
      onChanged(t('groupMembers.roleChanged', { name: saved.name, role: t(`roles.${saved.role}`) }));
    });
  }

  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{member.organisation ?? <span className="muted">{t('groupMembers.noOrganisation')}</span>}</td>
      <td>
        {member.can.changeRole ? (
          <form className="inline-form" onSubmit={saveRole}>
            <RoleSelect id={`${ids}role`} label={t('groupMembers.roleLabel', { name: member.name })} value={role} onChange={setRole} />
            <button type="submit" className="button button--quiet" disabled={save.pending} aria-label={t('groupMembers.saveRoleLabel', { name: member.name })}>
              {t('groupMembers.saveRole')}
            </button>
          </form>
        ) : (
          t(`roles.${member.role}`)
        )}
        {save.error && (
          <p className="form-error" role="alert">
            {errorMessage(t, save.error.code)}
          </p>
        )}
      </td>
      <td>{since}</td>
      {canManage && (
        <td>
          {member.can.remove && (
            <ConfirmAction
              trigger={t('groupMembers.remove')}
              triggerLabel={t('groupMembers.removeLabel', { name: member.name })}
              question={<p>{t('groupMembers.removeConfirm', { name: member.name })}</p>}
              confirmLabel={t('groupMembers.removeYes')}
              cancelLabel={t('groupMembers.cancel')}
              pendingLabel={t('groupMembers.removing')}
              pending={remove.pending}
              error={remove.error ? errorMessage(t, remove.error.code) : null}
              onCancel={remove.clear}
              onConfirm={() =>
                remove.run(async () => {
                  await call(routes.groups.removeMember, { params });
                  onChanged(t('groupMembers.removed', { name: member.name }), true);
                })
              }
            />
          )}
        </td>
      )}
    </tr>
  );
}
