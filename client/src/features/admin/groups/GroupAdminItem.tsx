import { routes, type WorkingGroup } from '@samla/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call } from '../../../api';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { useAction } from '../../../hooks/useAction';
import { errorMessage } from '../../../i18n/errors';
import { FormField } from '../../membership/FormField';
import '../../membership/membership.css';
import { DescriptionField } from './DescriptionField';

interface Props {
  group: WorkingGroup;
  formatDate: (iso: string) => string;
  /** After a change: the message to announce, and whether the group leaves the list (archived while they are hidden). */
  onChanged: (message: string, leavesList?: boolean) => void;
}

/** One working group in the coordinators' list: its facts, a members link, edit, archive / reopen. */
export function GroupAdminItem({ group, formatDate, onChanged }: Props) {
  const { t } = useTranslation();
  const ids = useId();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const archive = useAction();
  const params = { groupId: group.id };

  const closeEditor = () => {
    setEditing(false);
    editButton.current?.focus();
  };

  return (
    <li className="card admin-group" aria-labelledby={`${ids}name`}>
      <h3 id={`${ids}name`} className="admin-group__name">
        {group.name}
      </h3>
      <p className="muted small admin-group__meta">
        <span>
          <code>{group.id}</code>
        </span>
        <span>{t('adminGroups.memberCount', { count: group.memberCount })}</span>
        {group.archivedAt && <span className="badge">{t('adminGroups.archivedOn', { date: formatDate(group.archivedAt) })}</span>}
      </p>
      {group.description && <p className="admin-group__description">{group.description}</p>}

      {editing ? (
        <EditGroupForm
          group={group}
          onDone={(message) => {
            closeEditor();
            if (message) onChanged(message);
          }}
        />
      ) : (
        <div className="row-actions">
          <Link className="button button--quiet" to={`/groups/${encodeURIComponent(group.id)}/members`} aria-label={t('adminGroups.membersLinkLabel', { name: group.name })}>
            {t('adminGroups.membersLink')}
          </Link>
          <button ref={editButton} type="button" className="button button--quiet" aria-label={t('adminGroups.editLabel', { name: group.name })} onClick={() => setEditing(true)}>
            {t('adminGroups.edit')}
          </button>
          {group.archivedAt ? (
            <button
              type="button"
              className="button button--quiet"
              aria-label={t('adminGroups.unarchiveLabel', { name: group.name })}
              disabled={archive.pending}
              onClick={() =>
                void archive.run(async () => {
                  await call(routes.groups.unarchive, { params });
                  onChanged(t('adminGroups.unarchived', { name: group.name }));
                })
              }
            >
              {t('adminGroups.unarchive')}
            </button>
          ) : (
            <ConfirmAction
              trigger={t('adminGroups.archive')}
              triggerLabel={t('adminGroups.archiveLabel', { name: group.name })}
              question={<p>{t('adminGroups.archiveConfirm', { name: group.name })}</p>}
              confirmLabel={t('adminGroups.archiveYes')}
              cancelLabel={t('adminGroups.cancel')}
              pendingLabel={t('adminGroups.archiving')}
              pending={archive.pending}
              error={archive.error ? t('adminGroups.actionError', { message: errorMessage(t, archive.error.code) }) : null}
              onCancel={archive.clear}
              onConfirm={() =>
                archive.run(async () => {
                  await call(routes.groups.archive, { params });
                  onChanged(t('adminGroups.archived', { name: group.name }), true);
                })
              }
            />
          )}
        </div>
      )}
      {group.archivedAt && archive.error && (
        <p className="form-error" role="alert">
          {t('adminGroups.actionError', { message: errorMessage(t, archive.error.code) })}
        </p>
      )}
    </li>
  );
}

/** Name and description of a group, edited in place; Esc or Avbryt closes without saving. */
function EditGroupForm({ group, onDone }: { group: WorkingGroup; onDone: (message: string | null) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const save = useAction();
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  const [nameMissing, setNameMissing] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setNameMissing(true);
      document.getElementById(`${ids}name`)?.focus();
      return;
    }
    await save.run(async () => {
      const { group: saved } = await call(routes.groups.update, {
        params: { groupId: group.id },
        body: { name: name.trim(), description: description.trim() },
      });
      onDone(t('adminGroups.saved', { name: saved.name }));
    });
  }

  return (
    <form
      className="admin-group__edit"
      onSubmit={submit}
      noValidate
      aria-label={t('adminGroups.editHeading', { name: group.name })}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !save.pending) {
          e.preventDefault();
          onDone(null);
        }
      }}
    >
      <FormField id={`${ids}name`} label={t('adminGroups.nameLabel')} error={nameMissing ? t('adminGroups.nameMissing') : null}>
        {(control) => <input {...control} value={name} maxLength={120} autoFocus onChange={(e) => setName(e.target.value)} />}
      </FormField>
      <DescriptionField id={`${ids}description`} value={description} onChange={setDescription} />
      {save.error && (
        <p className="form-error" role="alert">
          {t('adminGroups.actionError', { message: errorMessage(t, save.error.code) })}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="button button--primary" disabled={save.pending}>
          {save.pending ? t('adminGroups.saving') : t('adminGroups.save')}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)} disabled={save.pending}>
          {t('adminGroups.cancel')}
        </button>
      </div>
    </form>
  );
}
