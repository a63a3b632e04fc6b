import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { routes, type ApplicationStatusView } from '@samla/shared';
import { call, toApiError } from '../api';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import {
  applyFields,
  emptyApplication,
  fieldErrorFromApi,
  toApplicationRequest,
  validateApplication,
  validateField,
  type ApplyErrors,
  type ApplyField,
  type ApplyValues,
  type FieldProblem,
} from '../features/membership/applicationForm';
import { ErrorSummary, type SummaryItem } from '../features/membership/ErrorSummary';
import { FormField, type ControlProps } from '../features/membership/FormField';
import '../features/membership/membership.css';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { apiErrorMessage, errorMessage } from '../i18n/errors';
import { MunicipalityOptions } from '../features/membership/MunicipalityOptions';

const fieldId = (field: ApplyField) => `apply-${field}`;

type RequiredField = Exclude<ApplyField, 'website' | 'groupIds'>;

function problemMessage(t: TFunction, field: ApplyField, problem: FieldProblem): string {
  switch (problem) {
    case 'outsideCounty':
      return t('errors.outside_county');
    case 'duplicate':
      return t('errors.duplicate_org_number');
    case 'postcodeMismatch':
      return t('errors.postcode_mismatch');
    case 'required':
      return t(`apply.errors.required.${field as RequiredField}`);
    case 'invalid':
      return t(`apply.errors.invalid.${field}`);
  }
}

interface Submitted {
  application: ApplicationStatusView;
  statusUrl: string;
  email: string;
}

/** Public: an organisation applies for membership. */
export default function ApplyPage() {
  const { t } = useTranslation();
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  useDocumentTitle(t('apply.title'));

  return (
    <div className="page form-page">
      <h1>{t('apply.title')}</h1>
      {submitted ? <Confirmation submitted={submitted} /> : <ApplyForm onSubmitted={setSubmitted} />}
    </div>
  );
}

function Confirmation({ submitted }: { submitted: Submitted }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} className="success-panel" tabIndex={-1} role="status">
      <h2>{t('apply.successTitle')}</h2>
      <p>{t('apply.successText', { name: submitted.application.name, email: submitted.email })}</p>
      <p>{t('apply.statusLinkIntro')}</p>
      <p>
        <a href={submitted.statusUrl}>{t('apply.statusLink')}</a>
      </p>
    </div>
  );
}

function ApplyForm({ onSubmitted }: { onSubmitted: (s: Submitted) => void }) {
  const { t } = useTranslation();
  const groups = useRoute(routes.groups.working);
  const [values, setValues] = useState<ApplyValues>(emptyApplication);
  const [errors, setErrors] = useState<ApplyErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const error = (field: ApplyField) => {
    const problem = errors[field];
    return problem ? problemMessage(t, field, problem) : null;
  };

  function setValue<F extends ApplyField>(field: F, value: ApplyValues[F]) {
    const next = { ...values, [field]: value };
    setValues(next);
    // A field that shows an error is checked again as it changes, so the error goes away once fixed.
    if (errors[field]) setErrors({ ...errors, [field]: validateField(field, next) ?? undefined });
  }

  /** On leaving a field that has something in it: the organisation number's check digit, the email, … */
  function check(field: ApplyField) {
    const value = values[field];
    if (typeof value === 'string' && value.trim() === '') return;
    setErrors((e) => ({ ...e, [field]: validateField(field, values) ?? undefined }));
  }

  function fail(next: ApplyErrors, general: string | null) {
    setErrors(next);
    setFormError(general);
    setAttempt((n) => n + 1);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateApplication(values);
    if (Object.keys(found).length > 0) return fail(found, null);
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const body = toApplicationRequest(values);
      const res = await call(routes.applications.apply, { body });
      onSubmitted({ ...res, email: body.contactEmail });
    } catch (err) {
      const apiError = toApiError(err);
      const onField = fieldErrorFromApi(apiError);
      if (onField) fail({ [onField.field]: onField.problem }, null);
      else if (apiError.code === 'too_many_attempts') fail({}, t('apply.tooMany'));
      else fail({}, apiErrorMessage(t, apiError));
      setBusy(false);
    }
  }

  const summary: SummaryItem[] = [
    ...(formError ? [{ message: formError }] : []),
    ...applyFields.flatMap((field) => {
      const message = error(field);
      return message ? [{ fieldId: fieldId(field), message }] : [];
    }),
  ];

  const text = (
    field: Exclude<ApplyField, 'groupIds' | 'municipality'>,
    control: ControlProps,
    extra: { type?: string; autoComplete?: string; inputMode?: 'email' | 'numeric' | 'url' } = {},
  ) => (
    <input
      {...control}
      name={field}
      type={extra.type ?? 'text'}
      autoComplete={extra.autoComplete}
      inputMode={extra.inputMode}
      value={values[field]}
      onChange={(e) => setValue(field, e.target.value)}
      onBlur={() => check(field)}
    />
  );

  return (
    <>
      <p className="lead">{t('apply.intro')}</p>
      <p className="muted">{t('apply.requiredNote')}</p>
      <ErrorSummary title={t('apply.summaryTitle')} items={summary} attempt={attempt} />
      <form onSubmit={submit} noValidate>
        <fieldset className="form-section">
          <legend>{t('apply.organisation')}</legend>
          <FormField id={fieldId('name')} label={t('apply.name')} error={error('name')}>
            {(control) => text('name', control, { autoComplete: 'organization' })}
          </FormField>
          <FormField id={fieldId('orgNumber')} label={t('apply.orgNumber')} hint={t('apply.orgNumberHint')} error={error('orgNumber')}>
            {(control) => text('orgNumber', control, { inputMode: 'numeric' })}
          </FormField>
          <FormField id={fieldId('website')} label={t('apply.website')} hint={t('apply.websiteHint')} error={error('website')} optional>
            {(control) => text('website', control, { type: 'text', inputMode: 'url', autoComplete: 'url' })}
          </FormField>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('apply.address')}</legend>
          <FormField id={fieldId('street')} label={t('apply.street')} error={error('street')}>
            {(control) => text('street', control, { autoComplete: 'street-address' })}
          </FormField>
          <FormField id={fieldId('postalCode')} label={t('apply.postalCode')} hint={t('apply.postalCodeHint')} error={error('postalCode')}>
            {(control) => text('postalCode', control, { inputMode: 'numeric', autoComplete: 'postal-code' })}
          </FormField>
          <FormField id={fieldId('municipality')} label={t('apply.municipality')} hint={t('apply.countyRule')} error={error('municipality')}>
            {(control) => (
              <select
                {...control}
                name="municipality"
                value={values.municipality}
                onChange={(e) => setValue('municipality', e.target.value)}
                onBlur={() => check('municipality')}
              >
                <option value="">{t('apply.municipalityPlaceholder')}</option>
                <MunicipalityOptions />
              </select>
            )}
          </FormField>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('apply.contact')}</legend>
          <p className="field__hint field__hint--above">{t('apply.contactIntro')}</p>
          <FormField id={fieldId('contactName')} label={t('apply.contactName')} error={error('contactName')}>
            {(control) => text('contactName', control, { autoComplete: 'name' })}
          </FormField>
          <FormField id={fieldId('contactEmail')} label={t('apply.contactEmail')} error={error('contactEmail')}>
            {(control) => text('contactEmail', control, { type: 'email', inputMode: 'email', autoComplete: 'email' })}
          </FormField>
        </fieldset>

        <fieldset className="form-section" aria-describedby="apply-groups-hint">
          <legend>{t('apply.groups')}</legend>
          <p id="apply-groups-hint" className="field__hint field__hint--above">
            {t('apply.groupsHint')}
          </p>
          {error('groupIds') && (
            <p id="apply-groupIds-error" className="field__error">
              {error('groupIds')}
            </p>
          )}
          {groups.status === 'loading' && <Loading label={t('apply.groupsLoading')} />}
          {groups.status === 'error' && (
            <ErrorState title={t('apply.groupsError')} onRetry={groups.reload}>
              <p>{errorMessage(t, groups.error.code)}</p>
            </ErrorState>
          )}
          {groups.status === 'ok' &&
            (groups.data.groups.length === 0 ? (
              <p className="muted">{t('apply.groupsEmpty')}</p>
            ) : (
              <ul className="checkbox-list">
                {groups.data.groups.map((g, i) => {
                  const id = i === 0 ? fieldId('groupIds') : `apply-group-${g.id}`;
                  const checked = values.groupIds.includes(g.id);
                  return (
                    <li key={g.id} className="checkbox">
                      <input
                        id={id}
                        type="checkbox"
                        name="groupIds"
                        value={g.id}
                        checked={checked}
                        aria-describedby={error('groupIds') ? 'apply-groupIds-error' : undefined}
                        onChange={() =>
                          setValue('groupIds', checked ? values.groupIds.filter((x) => x !== g.id) : [...values.groupIds, g.id])
                        }
                      />
                      <label htmlFor={id}>{g.name}</label>
                    </li>
                  );
                })}
              </ul>
            ))}
        </fieldset>

        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('apply.submitting') : t('apply.submit')}
        </button>
      </form>
    </>
  );
}
