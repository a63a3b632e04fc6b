import { routes, type Meeting } from '@samla/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { call } from '../../api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { ErrorSummary } from '../../features/membership/ErrorSummary';
import { FormField } from '../../features/membership/FormField';
import '../../features/membership/membership.css';
import { draftFromMeeting, draftToRequest, emptyDraft, type DraftErrors, type MeetingDraft } from '../../features/meetings/agenda';
import { AgendaEditor } from '../../features/meetings/AgendaEditor';
import '../../features/meetings/meetings.css';
import { sessionPath, sessionsPath } from '../../features/meetings/paths';
import { useGroupContext } from '../../features/space/context';
import { useAction } from '../../hooks/useAction';
import { useRoute } from '../../hooks/useApi';
import { apiErrorMessage, errorMessage } from '../../i18n/errors';

/** `sessions/new` and `sessions/:sessionId/edit`: scheduling a session (group facilitators and coordinators). */
export default function SessionFormRoute() {
  const { t } = useTranslation();
  const { sessionId } = useParams();
  const { group } = useGroupContext();

  if (!group.can.scheduleMeetings) {
    return (
      <ErrorState title={t('meetings.form.forbiddenTitle')}>
        <p>{t('meetings.form.forbiddenText')}</p>
        <Link to={sessionsPath(group.id)}>{t('meetings.backToList')}</Link>
      </ErrorState>
    );
  }
  return sessionId ? <EditSession meetingId={sessionId} /> : <MeetingForm initial={emptyDraft(new Date())} />;
}

function EditSession({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const { group } = useGroupContext();
  const meeting = useRoute(routes.meetings.get, { params: { groupId: group.id, meetingId } });
  if (meeting.status === 'loading') return <Loading label={t('meetings.loadingOne')} />;
  if (meeting.status === 'error') {
    return (
      <ErrorState title={t('meetings.errorOne')} onRetry={meeting.reload}>
        <p>{errorMessage(t, meeting.error.code)}</p>
      </ErrorState>
    );
  }
  const m = meeting.data.meeting;
  if (m.status !== 'scheduled') {
    return (
      <ErrorState title={t('meetings.form.startedTitle')}>
        <p>{t('errors.meeting_started')}</p>
        <Link to={sessionPath(group.id, m.id)}>{t('meetings.form.toRoom')}</Link>
      </ErrorState>
    );
  }
  return <MeetingForm key={m.id} initial={draftFromMeeting(m)} meeting={m} />;
}

function MeetingForm({ initial, meeting }: { initial: MeetingDraft; meeting?: Meeting }) {
  const { t } = useTranslation();
  const { group, space } = useGroupContext();
  const navigate = useNavigate();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [attempt, setAttempt] = useState(0);
  const save = useAction();
  const cancelMeeting = useAction();
  const set = (patch: Partial<MeetingDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const err = (field: string) => (errors[field] ? t(`meetings.form.errors.${errors[field]}`) : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { request, errors: found } = draftToRequest(draft);
    setErrors(found);
    if (!request) {
      setAttempt((n) => n + 1);
      return;
    }
    await save.run(async () => {
      const res = meeting
        ? await call(routes.meetings.edit, { params: { groupId: group.id, meetingId: meeting.id }, body: request })
        : await call(routes.meetings.schedule, { params: { groupId: group.id }, body: request });
      navigate(sessionsPath(group.id), { state: { saved: res.meeting.title } });
    });
  };

  const summary = Object.entries(errors).map(([field, key]) => ({
    fieldId: field.startsWith('agenda.') ? `agenda-${field.split('.')[1]}-${field.split('.')[2]}` : `meeting-${field}`,
    message: field.startsWith('agenda.')
      ? t('meetings.form.itemError', { n: Number(field.split('.')[1]) + 1, message: t(`meetings.form.errors.${key}`) })
      : t(`meetings.form.errors.${key}`),
  }));

  return (
    <section className="meeting-form" aria-labelledby="meeting-form-title">
      <h2 id="meeting-form-title">{meeting ? t('meetings.form.editTitle') : t('meetings.form.newTitle')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary title={t('meetings.form.errorSummary')} items={summary} attempt={attempt} />
        <FormField id="meeting-title" label={t('meetings.form.title')} error={err('title')}>
          {(p) => <input {...p} value={draft.title} maxLength={200} onChange={(e) => set({ title: e.target.value })} />}
        </FormField>
        <div className="meeting-form__row">
          <FormField id="meeting-date" label={t('meetings.form.date')} error={err('date')}>
            {(p) => <input {...p} type="date" value={draft.date} onChange={(e) => set({ date: e.target.value })} />}
          </FormField>
          <FormField id="meeting-time" label={t('meetings.form.time')} error={err('time')}>
            {(p) => <input {...p} type="time" value={draft.time} onChange={(e) => set({ time: e.target.value })} />}
          </FormField>
          <FormField id="meeting-duration" label={t('meetings.form.duration')} error={err('duration')}>
            {(p) => <input {...p} type="number" inputMode="numeric" min={5} max={1440} value={draft.durationMinutes} onChange={(e) => set({ durationMinutes: e.target.value })} />}
          </FormField>
        </div>
        <FormField id="meeting-place" label={t('meetings.form.place')} optional>
          {(p) => <input {...p} value={draft.place} maxLength={300} onChange={(e) => set({ place: e.target.value })} />}
        </FormField>
        <FormField id="meeting-videoUrl" label={t('meetings.form.videoUrl')} optional error={err('videoUrl')} hint={t('meetings.form.videoUrlHint')}>
          {(p) => <input {...p} type="url" value={draft.videoUrl} maxLength={500} onChange={(e) => set({ videoUrl: e.target.value })} />}
        </FormField>
        <AgendaEditor rows={draft.agenda} onChange={(agenda) => set({ agenda })} errors={errors} items={space.list.active} />
        {save.error && (
          <p className="form-error" role="alert">
            {apiErrorMessage(t, save.error)}
          </p>
        )}
        <div className="meeting-form__buttons">
          <button type="submit" className="button button--primary" disabled={save.pending}>
            {save.pending ? t('meetings.form.saving') : meeting ? t('meetings.form.save') : t('meetings.form.schedule')}
          </button>
          <Link to={sessionsPath(group.id)}>{t('meetings.form.cancelEdit')}</Link>
        </div>
      </form>
      {meeting && (
        <ConfirmAction
          className="meeting-form__cancel"
          trigger={t('meetings.form.cancelMeeting')}
          question={<p>{t('meetings.form.cancelQuestion', { title: meeting.title })}</p>}
          confirmLabel={t('meetings.form.cancelConfirm')}
          cancelLabel={t('meetings.form.cancelKeep')}
          pendingLabel={t('meetings.form.cancelling')}
          pending={cancelMeeting.pending}
          error={cancelMeeting.error ? apiErrorMessage(t, cancelMeeting.error) : null}
          onConfirm={() =>
            cancelMeeting.run(async () => {
              await call(routes.meetings.cancel, { params: { groupId: group.id, meetingId: meeting.id } });
              navigate(sessionsPath(group.id));
            })
          }
        />
      )}
    </section>
  );
}
