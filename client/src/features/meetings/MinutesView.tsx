import { routes, routeUrl, type Minutes } from '@samla/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { useAction } from '../../hooks/useAction';
import { useRoute } from '../../hooks/useApi';
import { currentLocale } from '../../i18n';
import { apiErrorMessage, errorMessage } from '../../i18n/errors';
import { personName } from '../../i18n/personName';
import { useRoom } from './context';
import { ActionItemList, VoteResultTable } from './OutcomesPanel';

const minutesOf = (ms: number) => Math.round(ms / 60_000);

/**
 * The minutes generated at the end: a draft that attendees amend until the amendment period ends or a
 * facilitator approves it, then final.
 */
export function MinutesView() {
  const { t } = useTranslation();
  const { room, group } = useRoom();
  const session = { groupId: group.id, meetingId: room.state.id };
  const minutes = useRoute(routes.meetings.minutes, { params: session });
  // An amendment or the approval, made by anyone, is a new session version: the query cache reads the minutes again (query.tsx).

  if (minutes.status === 'loading') return <Loading label={t('meetings.minutes.loading')} />;
  if (minutes.status === 'error') {
    return (
      <ErrorState title={t('meetings.minutes.errorTitle')} onRetry={minutes.reload}>
        <p>{errorMessage(t, minutes.error.code)}</p>
      </ErrorState>
    );
  }
  return <MinutesDocument {...minutes.data} session={session} onChanged={minutes.refresh} />;
}

/** The session's ids, as its routes' parameters. */
type SessionIds = { groupId: string; meetingId: string };

function MinutesDocument({ minutes: m, can, session, onChanged }: { minutes: Minutes; can: { amend: boolean; approve: boolean }; session: SessionIds; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(currentLocale(i18n), { dateStyle: 'long', timeStyle: 'short' });
  const approved = m.approvedAt !== null;
  const open = !approved && Date.parse(m.amendableUntil) > Date.now();
  const approve = useAction();
  // The server's download (GET …/minutes.md, an attachment named after the title), in the reader's language.
  const download = routeUrl(routes.meetings.minutesMarkdown, session, { lang: i18n.resolvedLanguage === 'en' ? 'en' : 'sv' });

  return (
    <article className="minutes" aria-labelledby="minutes-title">
      <h3 id="minutes-title">{t('meetings.minutes.title')}</h3>
      <p className={approved ? 'badge' : 'notice'} data-testid="minutes-status">
        {approved
          ? t('meetings.minutes.approved', { date: date.format(new Date(m.approvedAt!)) })
          : open
            ? t('meetings.minutes.draft', { date: date.format(new Date(m.amendableUntil)) })
            : t('meetings.minutes.draftClosed')}
      </p>
      <p>
        {t('meetings.minutes.heldRange', { range: date.formatRange(new Date(m.startedAt), new Date(m.endedAt)) })}{' '}
        <Facilitators minutes={m} />
      </p>
      <p>
        <a href={download} download>
          {t('meetings.minutes.download')}
        </a>
      </p>

      <h4>{t('meetings.minutes.attendees')}</h4>
      <ul className="outcomes">
        {m.attendees.map((o) => (
          <li key={o.organisationId ?? 'none'}>
            <strong>{o.organisationName ?? t('meetings.present.noOrganisation')}</strong>: {o.people.map((p) => personName(t, p.name)).join(', ')}
          </li>
        ))}
      </ul>

      <h4>{t('meetings.agenda.title')}</h4>
      <ol className="outcomes">
        {m.agenda.map((a) => (
          <li key={a.id}>
            {a.title} <span className="small muted">{t('meetings.agenda.spentOf', { spent: minutesOf(a.spentMs), count: a.timeboxMinutes })}</span>
          </li>
        ))}
      </ol>

      <h4>{t('meetings.outcomes.decisions')}</h4>
      {m.decisions.length === 0 ? (
        <p className="muted small">{t('meetings.outcomes.noDecisions')}</p>
      ) : (
        <ul className="outcomes">
          {m.decisions.map((d) => (
            <li key={d.id}>{d.text}</li>
          ))}
        </ul>
      )}
      <h4>{t('meetings.outcomes.actions')}</h4>
      {m.actionItems.length === 0 ? <p className="muted small">{t('meetings.outcomes.noActions')}</p> : <ActionItemList items={m.actionItems} />}
      {m.voteResults.length > 0 && <h4>{t('meetings.minutes.votes')}</h4>}
      {m.voteResults.map((r) => (
        <VoteResultTable key={r.round} result={r} />
      ))}

      <h4>{t('meetings.minutes.amendments')}</h4>
      {m.amendments.length === 0 ? (
        <p className="muted small">{t('meetings.minutes.noAmendments')}</p>
      ) : (
        <ul className="outcomes" data-testid="amendments">
          {m.amendments.map((a) => (
            <li key={a.id}>
              {a.text} <span className="small muted">— {personName(t, a.authorName)}, {date.format(new Date(a.createdAt))}</span>
            </li>
          ))}
        </ul>
      )}
      {open && can.amend && <AmendForm session={session} onDone={onChanged} />}
      {can.approve && (
        <div className="minutes__approve">
          {approve.error && (
            <p className="form-error" role="alert">
              {apiErrorMessage(t, approve.error)}
            </p>
          )}
          <button
            type="button"
            className="button button--primary"
            disabled={approve.pending}
            onClick={() => void approve.run(async () => {
              await call(routes.meetings.approveMinutes, { params: session });
              onChanged();
            })}
          >
            {approve.pending ? t('meetings.minutes.approving') : t('meetings.minutes.approve')}
          </button>
        </div>
      )}
    </article>
  );
}

/** Who facilitated: one name, or after a hand-over everyone in turn with the part they led. */
function Facilitators({ minutes: m }: { minutes: Minutes }) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const [only] = m.facilitators;
  if (m.facilitators.length === 1 && only) return <>{t('meetings.minutes.facilitator', { name: personName(t, only.name) })}</>;
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const sameDay = day.format(new Date(m.startedAt)) === day.format(new Date(m.endedAt));
  const time = new Intl.DateTimeFormat(locale, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' });
  const parts = m.facilitators.map((f) =>
    t('meetings.minutes.facilitatorPart', { name: personName(t, f.name), from: time.format(new Date(f.from)), until: time.format(new Date(f.until)) }),
  );
  return <>{t('meetings.minutes.facilitators', { list: new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts) })}</>;
}

function AmendForm({ session, onDone }: { session: SessionIds; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    const ok = await action.run(async () => {
      await call(routes.meetings.amend, { params: session, body: { text: text.trim() } });
    });
    if (ok) {
      setText('');
      setSent(true);
      onDone();
    }
  };
  return (
    <form className="controls-form" onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={`${id}amend`}>{t('meetings.minutes.amendLabel')}</label>
        <textarea id={`${id}amend`} value={text} maxLength={4000} rows={3} onChange={(e) => { setText(e.target.value); setSent(false); }} />
      </div>
      {action.error && (
        <p className="form-error" role="alert">
          {apiErrorMessage(t, action.error)}
        </p>
      )}
      <p className="visually-hidden" role="status">{sent ? t('meetings.minutes.amended') : ''}</p>
      <button type="submit" className="button" disabled={action.pending} aria-disabled={!text.trim()}>
        {t('meetings.minutes.amend')}
      </button>
    </form>
  );
}
