import { groupRole, routes, type GroupRole } from '@samla/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api';
import { useAction } from '../../../hooks/useAction';
import { useRoute } from '../../../hooks/useApi';
import { apiErrorMessage } from '../../../i18n/errors';
import { FormField } from '../../membership/FormField';

interface Person {
  id: string;
  name: string;
}

/**
 * Coordinators put one of the organisation's people straight into a working group with a role (PUT
 * …/members/:userId adds them, or changes the role of someone already in it), without a join request.
 */
export function AddToGroup({ people, onAdded }: { people: Person[]; onAdded(): void }) {
  const { t } = useTranslation();
  const groups = useRoute(routes.groups.working);
  const [userId, setUserId] = useState(people[0]?.id ?? '');
  const [groupId, setGroupId] = useState('');
  const [role, setRole] = useState<GroupRole>('member');
  const [done, setDone] = useState('');
  const add = useAction();
  const choices = groups.data?.groups ?? [];
  const group = groupId || choices[0]?.id || '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    void add.run(async () => {
      const { member } = await call(routes.groups.setRole, { params: { groupId: group, userId }, body: { role } });
      const groupName = choices.find((g) => g.id === group)?.name ?? group;
      setDone(t('organisations.addedToGroup', { name: member.name, group: groupName, role: t(`roles.${member.role}`) }));
      onAdded();
    });
  };

  return (
    <form className="org-section" onSubmit={submit} aria-labelledby="add-to-group-title">
      <h3 id="add-to-group-title">{t('organisations.addToGroup')}</h3>
      <p className="small muted">{t('organisations.addToGroupHint')}</p>
      <div className="add-to-group-grid">
        <FormField id="add-person" label={t('organisations.addPerson')}>
          {(control) => (
            <select {...control} className="select" value={userId} onChange={(e) => setUserId(e.target.value)}>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id="add-group" label={t('organisations.addGroup')} error={groups.status === 'error' ? apiErrorMessage(t, groups.error) : null}>
          {(control) => (
            <select {...control} className="select" value={group} disabled={choices.length === 0} onChange={(e) => setGroupId(e.target.value)}>
              {choices.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id="add-role" label={t('organisations.addRole')}>
          {(control) => (
            <select {...control} className="select" value={role} onChange={(e) => setRole(groupRole.parse(e.target.value))}>
              {groupRole.options.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <div className="form-error" role="alert">
        {add.error && apiErrorMessage(t, add.error)}
      </div>
      <button type="submit" className="button" disabled={add.pending || !group || !userId}>
        {t('organisations.addToGroupSubmit')}
      </button>
      <p className="status-line" role="status">
        {done}
      </p>
    </form>
  );
}
