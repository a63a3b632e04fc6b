import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  municipalityName,
  routes,
  type InvitationCreated,
  type OrganisationDetail,
  type OrganisationRecordView,
  type OrganisationSummary,
  type UpdateOrganisationRequest,
} from '@samla/shared';
import { call, type ApiError } from '../api';
import { ConfirmAction } from '../components/ConfirmAction';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { AuditDetails } from '../features/admin/audit/AuditDetails';
import { actionLabel, actorLabel } from '../features/admin/audit/format';
import { OrganisationsShell } from '../features/admin/organisations/OrganisationsShell';
import { AddToGroup } from '../features/admin/organisations/AddToGroup';
import { CopyLink } from '../features/admin/organisations/CopyLink';
import { PendingInvitations } from '../features/admin/organisations/PendingInvitations';
import '../features/admin/organisations/organisations.css';
import { FormField } from '../features/membership/FormField';
import { formatDate, formatDateTime } from '../features/membership/format';
import '../features/membership/membership.css';
import { useAction } from '../hooks/useAction';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { currentLocale } from '../i18n';
import { apiErrorMessage, errorMessage } from '../i18n/errors';
import { MunicipalityOptions } from '../features/membership/MunicipalityOptions';

/** Coordinators: one organisation's record, its people, groups, invitations and history. */
export default function AdminOrganisationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const detail = useRoute(routes.organisations.detail, { params: { id } });
  useDocumentTitle(detail.data?.organisation.name ?? t('organisations.title'));
  let body;
  if (detail.status === 'loading') body = <Loading label={t('organisations.loadingOne')} />;
  else if (detail.status === 'error')
    body = (
      <ErrorState level={1} title={t('organisations.errorOne')} onRetry={detail.reload}>
        <p>{errorMessage(t, detail.error.code)}</p>
      </ErrorState>
    );
  else body = <Organisation detail={detail.data} onChanged={detail.refresh} />;
  return (
    <OrganisationsShell>
    {body}
    </OrganisationsShell>
  );
}

function Organisation({ detail, onChanged }: { detail: OrganisationDetail; onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const o = detail.organisation;
  const [editing, setEditing] = useState(false);
  const left = useAction();
  const contact = useAction();
  return (
    <>
      <div className="org-summary">
        <h1>{o.name}</h1>
        <div className="row-actions">
          {o.status === 'left' && <span className="flag flag--left">{t('organisations.leftOn', { date: formatDate(o.leftAt!, locale) })}</span>}
          {o.status === 'active' && o.noContact && <span className="flag">{t('organisations.noContact')}</span>}
        </div>
      </div>

      <section className="org-section" aria-labelledby="org-details">
        <h2 id="org-details">{t('organisations.details')}</h2>
        {editing ? (
          <EditDetails organisation={o} onDone={(saved) => { setEditing(false); if (saved) onChanged(); }} />
        ) : (
          <>
            <dl className="details-list">
              <dt>{t('organisations.col.orgNumber')}</dt>
              <dd>{o.orgNumber}</dd>
              <dt>{t('organisations.address')}</dt>
              <dd>{t('adminApplications.addressValue', { street: o.street, postalCode: o.postalCode, municipality: municipalityName(o.municipality) })}</dd>
              <dt>{t('adminApplications.website')}</dt>
              <dd>{o.website ? <a href={o.website} rel="noopener noreferrer">{o.website}</a> : t('adminApplications.none')}</dd>
              <dt>{t('organisations.description')}</dt>
              <dd className="preserve-lines">{o.description || t('adminApplications.none')}</dd>
              <dt>{t('organisations.joined')}</dt>
              <dd>{formatDate(o.joinedAt, locale)}</dd>
            </dl>
            {o.status === 'active' && (
              <button type="button" className="button" onClick={() => setEditing(true)}>
                {t('organisations.edit')}
              </button>
            )}
          </>
        )}
      </section>

      <section className="org-section" aria-labelledby="org-people">
        <h2 id="org-people">{t('organisations.people')}</h2>
        {detail.people.length === 0 ? (
          <p className="muted">{t('organisations.noPeople')}</p>
        ) : (
          <ul className="plain-list">
            {detail.people.map((p) => (
              <li key={p.id}>
                <div>
                  <strong>{p.name}</strong> · <a href={`mailto:${p.email}`}>{p.email}</a>
                  {p.isContact && <> <span className="badge">{t('organisations.contactPerson')}</span></>}
                </div>
                {!p.isContact && o.status === 'active' && (
                  <button
                    type="button"
                    className="button"
                    disabled={contact.pending}
                    onClick={() =>
                      void contact.run(async () => {
                        await call(routes.organisations.setContact, { params: { id: o.id }, body: { userId: p.id } });
                        onChanged();
                      })
                    }
                  >
                    {t('organisations.makeContact')}
                    <span className="visually-hidden"> {p.name}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <div className="form-error" role="alert">
          {contact.error && apiErrorMessage(t, contact.error)}
        </div>
        {o.status === 'active' && detail.people.length > 0 && <AddToGroup people={detail.people} onAdded={onChanged} />}
        {o.status === 'active' && <InvitePerson organisationId={o.id} onInvited={onChanged} />}
      </section>

      <section className="org-section" aria-labelledby="org-invitations">
        <h2 id="org-invitations">{t('organisations.invitations')}</h2>
        <PendingInvitations invitations={detail.invitations} onChanged={onChanged} />
      </section>

      <section className="org-section" aria-labelledby="org-groups">
        <h2 id="org-groups">{t('organisations.col.groups')}</h2>
        {detail.groups.length === 0 ? (
          <p className="muted">{t('organisations.noGroups')}</p>
        ) : (
          <ul>
            {detail.groups.map((g) => (
              <li key={g.id}>{t('organisations.groupPeople', { name: g.name, count: g.people })}</li>
            ))}
          </ul>
        )}
      </section>

      <section className="org-section" aria-labelledby="org-history">
        <h2 id="org-history">{t('organisations.history')}</h2>
        {detail.history.length === 0 ? (
          <p className="muted">{t('organisations.noHistory')}</p>
        ) : (
          <ol className="plain-list">
            {detail.history.map((e) => (
              <li key={e.id}>
                <div>
                  {actionLabel(t, e.action)}
                  <span className="muted"> · {actorLabel(t, e)}</span>
                </div>
                <time className="small muted" dateTime={e.at}>{formatDateTime(e.at, locale)}</time>
                <AuditDetails fields={e.fields} className="small org-history__details" />
              </li>
            ))}
          </ol>
        )}
        <p>
          <Link to={`/admin/audit?organisation=${encodeURIComponent(o.id)}`}>{t('organisations.historyInLog')}</Link>
        </p>
      </section>

      {o.status === 'active' && <MergeInto organisation={o} />}

      {o.status === 'active' && (
        <section className="org-section" aria-labelledby="org-leave">
          <h2 id="org-leave">{t('organisations.leaveTitle')}</h2>
          <p>{t('organisations.leaveText', { count: detail.people.length })}</p>
          <ConfirmAction
            trigger={t('organisations.markLeft')}
            question={t('organisations.leaveQuestion', { name: o.name })}
            confirmLabel={t('organisations.markLeftConfirm')}
            cancelLabel={t('adminApplications.cancel')}
            pendingLabel={t('organisations.markingLeft')}
            pending={left.pending}
            error={left.error ? apiErrorMessage(t, left.error) : null}
            onConfirm={() =>
              left.run(async () => {
                await call(routes.organisations.markLeft, { params: { id: o.id } });
                onChanged();
              })
            }
          />
        </section>
      )}
    </>
  );
}

type EditValues = { name: string; street: string; postalCode: string; municipality: string; website: string; description: string };
type EditField = keyof EditValues;

/** Where a refused edit's problem lies: "postalCode: …" and the like name the field first. */
function fieldOf(error: ApiError): EditField | null {
  if (error.code === 'outside_county') return 'municipality';
  const field = /^(\w+)[.:]/.exec(error.message)?.[1];
  return field && ['name', 'street', 'postalCode', 'municipality', 'website', 'description'].includes(field) ? (field as EditField) : null;
}

function EditDetails({ organisation: o, onDone }: { organisation: OrganisationRecordView; onDone(saved: boolean): void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<EditValues>({
    name: o.name, street: o.street, postalCode: o.postalCode, municipality: o.municipality, website: o.website ?? '', description: o.description,
  });
  const save = useAction();
  const field = save.error ? fieldOf(save.error) : null;
  const problem = (f: EditField) => (field === f && save.error ? (save.error.code === 'postcode_mismatch' ? t('organisations.postcodeMismatch', { municipality: municipalityName(values.municipality) }) : apiErrorMessage(t, save.error)) : null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      const body: UpdateOrganisationRequest = { ...values };
      await call(routes.organisations.update, { params: { id: o.id }, body });
      onDone(true);
    });
  };
  const input = (f: Exclude<EditField, 'municipality' | 'description'>, extra: Record<string, string | number> = {}) => (
    <FormField id={`edit-${f}`} label={t(`organisations.field.${f}`)} error={problem(f)}>
      {(control) => <input {...control} {...extra} value={values[f]} onChange={(e) => setValues({ ...values, [f]: e.target.value })} />}
    </FormField>
  );
  return (
    <form onSubmit={submit} noValidate aria-label={t('organisations.editLabel')}>
      {input('name', { maxLength: 200 })}
      {input('street', { maxLength: 200, autoComplete: 'street-address' })}
      {input('postalCode', { inputMode: 'numeric', autoComplete: 'postal-code', maxLength: 6 })}
      <FormField id="edit-municipality" label={t('organisations.field.municipality')} error={problem('municipality')}>
        {(control) => (
          <select {...control} value={values.municipality} onChange={(e) => setValues({ ...values, municipality: e.target.value })}>
            <MunicipalityOptions />
          </select>
        )}
      </FormField>
      {input('website', { maxLength: 300, inputMode: 'url' })}
      <FormField id="edit-description" label={t('organisations.field.description')} optional error={problem('description')}>
        {(control) => <textarea {...control} maxLength={2000} value={values.description} onChange={(e) => setValues({ ...values, description: e.target.value })} />}
      </FormField>
      <div className="form-error" role="alert">
        {save.error && !field && apiErrorMessage(t, save.error)}
      </div>
      <div className="row-actions">
        <button type="submit" className="button button--primary" disabled={save.pending}>
          {save.pending ? t('organisations.saving') : t('organisations.save')}
        </button>
        <button type="button" className="button" onClick={() => onDone(false)}>
          {t('adminApplications.cancel')}
        </button>
      </div>
    </form>
  );
}

function InvitePerson({ organisationId, onInvited }: { organisationId: string; onInvited(): void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ email: string; invitation: InvitationCreated } | null>(null);
  const invite = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void invite.run(async () => {
      const res = await call(routes.invitations.invite, {
        params: { orgId: organisationId },
        body: { email: email.trim(), ...(name.trim() ? { name: name.trim() } : {}) },
      });
      setCreated({ email: email.trim(), invitation: res.invitation });
      setEmail('');
      setName('');
      onInvited();
    });
  };
  return (
    <form className="org-section" onSubmit={submit} noValidate aria-labelledby="invite-person-title">
      <h3 id="invite-person-title">{t('organisations.invitePerson')}</h3>
      <p className="small muted">{t('organisations.invitePersonHint')}</p>
      <div className="mapping-grid">
        <FormField id="invite-email" label={t('organisations.inviteEmail')} error={invite.error?.code === 'invalid_payload' || invite.error?.code === 'email_taken' ? apiErrorMessage(t, invite.error) : null}>
          {(control) => <input {...control} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </FormField>
        <FormField id="invite-name" label={t('organisations.inviteName')} optional>
          {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} />}
        </FormField>
      </div>
      <div className="form-error" role="alert">
        {invite.error && invite.error.code !== 'invalid_payload' && invite.error.code !== 'email_taken' && apiErrorMessage(t, invite.error)}
      </div>
      <button type="submit" className="button" disabled={invite.pending}>
        {t('organisations.sendInvitation')}
      </button>
      {created && (
        <CopyLink id={`invite-${created.email}`} label={t('organisations.newLinkFor', { email: created.email })} link={created.invitation.link} emailed={created.invitation.emailed} expiresAt={created.invitation.expiresAt} />
      )}
    </form>
  );
}

/** This organisation is a duplicate of another: find the one to keep by its organisation number, then merge. */
function MergeInto({ organisation: o }: { organisation: OrganisationRecordView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [number, setNumber] = useState('');
  const [target, setTarget] = useState<OrganisationSummary | null | 'none'>(null);
  const find = useAction();
  const merge = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void find.run(async () => {
      const digits = number.replace(/\D/g, '');
      const page = await call(routes.organisations.list, { query: { q: digits } });
      const hit = page.organisations.find((x) => x.orgNumber.replace('-', '') === digits && x.id !== o.id);
      setTarget(hit ?? 'none');
    });
  };
  return (
    <section className="org-section" aria-labelledby="org-merge">
      <h2 id="org-merge">{t('organisations.mergeTitle')}</h2>
      <p>{t('organisations.mergeText')}</p>
      <form onSubmit={submit} noValidate>
        <FormField id="merge-number" label={t('organisations.mergeNumber')} error={target === 'none' ? t('organisations.mergeNotFound') : null}>
          {(control) => (
            <div className="copy-row">
              <input {...control} inputMode="numeric" value={number} onChange={(e) => { setNumber(e.target.value); setTarget(null); }} />
              <button type="submit" className="button" disabled={find.pending}>
                {t('organisations.mergeFind')}
              </button>
            </div>
          )}
        </FormField>
      </form>
      <div className="form-error" role="alert">
        {find.error && apiErrorMessage(t, find.error)}
      </div>
      {target && target !== 'none' && (
        <>
          <p role="status">{t('organisations.mergeFound', { name: target.name, orgNumber: target.orgNumber })}</p>
          <ConfirmAction
            trigger={t('organisations.merge')}
            question={t('organisations.mergeQuestion', { from: o.name, into: target.name })}
            confirmLabel={t('organisations.mergeConfirm')}
            cancelLabel={t('adminApplications.cancel')}
            pendingLabel={t('organisations.merging')}
            pending={merge.pending}
            error={merge.error ? apiErrorMessage(t, merge.error) : null}
            onConfirm={() =>
              merge.run(async () => {
                await call(routes.organisations.merge, { params: { id: o.id }, body: { into: target.id } });
                navigate(`/admin/organisations/${encodeURIComponent(target.id)}`);
              })
            }
          />
        </>
      )}
    </section>
  );
}
