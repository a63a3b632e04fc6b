import { routes, type Group } from '@samla/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api';
import { useAction } from '../../../hooks/useAction';
import { errorMessage } from '../../../i18n/errors';
import { FormField } from '../../membership/FormField';
import '../../membership/membership.css';
import { DescriptionField } from './DescriptionField';
import { isGroupId, slugFromName } from './slug';

/** "Ny arbetsgrupp": short name (suggested from the name until edited), name and description. */
export function CreateGroupForm({ onCreated }: { onCreated: (group: Group) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const action = useAction();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [description, setDescription] = useState('');
  const [invalid, setInvalid] = useState<{ id?: string; name?: string }>({});

  const onNameChange = (value: string) => {
    setName(value);
    if (!idEdited) setId(slugFromName(value));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = {
      name: name.trim() ? undefined : t('adminGroups.nameMissing'),
      id: isGroupId(id) ? undefined : t('adminGroups.idInvalid'),
    };
    setInvalid(problems);
    if (problems.name || problems.id) {
      document.getElementById(problems.name ? `${ids}name` : `${ids}id`)?.focus();
      return;
    }
    await action.run(async () => {
      const { group } = await call(routes.groups.create, { body: { id, name: name.trim(), description: description.trim() } });
      setName('');
      setId('');
      setIdEdited(false);
      setDescription('');
      onCreated(group);
    });
  }

  const serverError = action.error
    ? action.error.code === 'conflict'
      ? t('adminGroups.idTaken', { id })
      : errorMessage(t, action.error.code)
    : null;

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${ids}heading`}>
      <h2 id={`${ids}heading`}>{t('adminGroups.createHeading')}</h2>
      <FormField id={`${ids}name`} label={t('adminGroups.nameLabel')} error={invalid.name}>
        {(control) => <input {...control} value={name} maxLength={120} onChange={(e) => onNameChange(e.target.value)} />}
      </FormField>
      <FormField id={`${ids}id`} label={t('adminGroups.idLabel')} error={invalid.id} hint={t('adminGroups.idHint')}>
        {(control) => (
          <input
            {...control}
            value={id}
            maxLength={63}
            autoCapitalize="none"
            spellCheck={false}
            onChange={(e) => {
              setId(e.target.value);
              setIdEdited(true);
            }}
          />
        )}
      </FormField>
      <DescriptionField id={`${ids}description`} value={description} onChange={setDescription} />
      {serverError && (
        <p className="form-error" role="alert">
          {serverError}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={action.pending}>
        {action.pending ? t('adminGroups.creating') : t('adminGroups.create')}
      </button>
    </form>
  );
}
