import type { ActionOwnerInput } from '@samla/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmAction } from '../../components/ConfirmAction';
import { errorMessage } from '../../i18n/errors';
import { personName } from '../../i18n/personName';
import { useRoom } from './context';

/**
 * The session facilitator's tools below the room: the rest of the agenda and timer controls (the
 * frequent ones are in the room's bar), decisions, action items and hand-over. Hidden from everyone
 * else (the server refuses them anyway).
 */
export function FacilitatorControls() {
  const { t } = useTranslation();
  return (
    <section className="room-panel room-panel--controls" aria-labelledby="controls-title">
      <h3 id="controls-title">{t('meetings.controls.title')}</h3>
      <AgendaControls />
      <TimerControls />
      <DecisionForm />
      <ActionItemForm />
      <HandOver />
    </section>
  );
}

function AgendaControls() {
  const { t } = useTranslation();
  const { room, run } = useRoom();
  const { state } = room;
  const current = state.currentItem ?? -1;
  // "Nästa punkt" is in the room's bar. Moving brings everyone to the item's page or board.
  const advance = async (direction: 'next' | 'previous') => {
    await run('meeting:advance', { direction });
  };
  return (
    <div className="controls-group" role="group" aria-label={t('meetings.controls.agenda')}>
      <button type="button" className="button" aria-disabled={current <= 0} onClick={() => current > 0 && void advance('previous')}>
        {t('meetings.controls.previous')}
      </button>
    </div>
  );
}

function TimerControls() {
  const { t } = useTranslation();
  const { room, run } = useRoom();
  const id = useId();
  const { state } = room;
  const timer = state.timer;
  const [minutes, setMinutes] = useState('5');
  const n = Number(minutes);
  const validMinutes = Number.isInteger(n) && n >= 1 && n <= 480;

  return (
    <div className="controls-group" role="group" aria-label={t('meetings.controls.timer')}>
      <span className="controls-group__inline">
        <label htmlFor={`${id}min`}>{t('meetings.controls.minutes')}</label>
        <input id={`${id}min`} type="number" min={1} max={480} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        <button type="button" className="button" aria-disabled={!validMinutes} onClick={() => validMinutes && void run('meeting:timer', { action: 'start', minutes: n })}>
          {t('meetings.controls.timerStart')}
        </button>
      </span>
      {timer?.status === 'running' && (
        <button type="button" className="button" onClick={() => void run('meeting:timer', { action: 'pause' })}>
          {t('meetings.controls.pause')}
        </button>
      )}
      {timer?.status === 'paused' && (
        <button type="button" className="button" onClick={() => void run('meeting:timer', { action: 'resume' })}>
          {t('meetings.controls.resume')}
        </button>
      )}
      {timer && (
        <button type="button" className="button" onClick={() => void run('meeting:timer', { action: 'stop' })}>
          {t('meetings.controls.stop')}
        </button>
      )}
    </div>
  );
}

function DecisionForm() {
  const { t } = useTranslation();
  const { run } = useRoom();
  const id = useId();
  const [text, setText] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    if (await run('meeting:decision', { text: text.trim() }, t('meetings.controls.decisionSaved'))) setText('');
  };
  return (
    <form className="controls-form" onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={`${id}decision`}>{t('meetings.controls.decision')}</label>
        <textarea id={`${id}decision`} value={text} maxLength={2000} rows={2} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit" className="button" aria-disabled={!text.trim()}>
        {t('meetings.controls.saveDecision')}
      </button>
    </form>
  );
}

function ActionItemForm() {
  const { t } = useTranslation();
  const { room, run } = useRoom();
  const id = useId();
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const people = room.state.attendance;
  const organisations = [...new Map(people.filter((p) => p.organisationId).map((p) => [p.organisationId!, p.organisationName ?? p.organisationId!])).entries()];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const [kind, ownerId] = owner.split(':') as ['user' | 'organisation', string];
    if (!text.trim() || !ownerId) return;
    const o: ActionOwnerInput = kind === 'user' ? { kind, userId: ownerId } : { kind, organisationId: ownerId };
    if (await run('meeting:action-item', { text: text.trim(), owner: o, due: due || null }, t('meetings.controls.actionSaved'))) {
      setText('');
      setDue('');
    }
  };
  return (
    <form className="controls-form" onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={`${id}text`}>{t('meetings.controls.actionItem')}</label>
        <textarea id={`${id}text`} value={text} maxLength={2000} rows={2} onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}owner`}>{t('meetings.controls.owner')}</label>
        <select id={`${id}owner`} value={owner} onChange={(e) => setOwner(e.target.value)}>
          <option value="">{t('meetings.controls.chooseOwner')}</option>
          <optgroup label={t('meetings.controls.people')}>
            {people.map((p) => (
              <option key={p.userId} value={`user:${p.userId}`}>
                {personName(t, p.name)}
              </option>
            ))}
          </optgroup>
          {organisations.length > 0 && (
            <optgroup label={t('meetings.controls.organisations')}>
              {organisations.map(([orgId, name]) => (
                <option key={orgId} value={`organisation:${orgId}`}>
                  {name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}due`}>
          {t('meetings.controls.due')} <span className="field__optional">{t('apply.optional')}</span>
        </label>
        <input id={`${id}due`} type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </div>
      <button type="submit" className="button" aria-disabled={!text.trim() || !owner}>
        {t('meetings.controls.saveAction')}
      </button>
    </form>
  );
}

function HandOver() {
  const { t } = useTranslation();
  const { room, run } = useRoom();
  const id = useId();
  const candidates = room.present.filter((p) => p.userId !== room.me.userId && p.canLead);
  const [to, setTo] = useState('');
  const chosen = candidates.find((p) => p.userId === to);
  if (candidates.length === 0) return <p className="small muted">{t('meetings.controls.noHandOver')}</p>;
  return (
    <div className="controls-group" role="group" aria-labelledby={`${id}label`}>
      <label id={`${id}label`} htmlFor={`${id}to`}>
        {t('meetings.controls.handOver')}
      </label>
      <select id={`${id}to`} className="select" value={to} onChange={(e) => setTo(e.target.value)}>
        <option value="">{t('meetings.controls.choosePerson')}</option>
        {candidates.map((p) => (
          <option key={p.userId} value={p.userId}>
            {p.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button"
        aria-disabled={!chosen}
        onClick={() => chosen && void run('meeting:hand-over', { userId: chosen.userId }, t('meetings.controls.handedOver', { name: chosen.name }))}
      >
        {t('meetings.controls.handOverButton')}
      </button>
    </div>
  );
}

/** "Avsluta mötet" behind a confirmation (in the room's bar). */
export function EndSession({ className }: { className?: string }) {
  const { t } = useTranslation();
  const { room, send } = useRoom();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <ConfirmAction
      className={className}
      trigger={t('meetings.controls.end')}
      question={<p>{t('meetings.controls.endQuestion', { title: room.state.title })}</p>}
      confirmLabel={t('meetings.controls.endConfirm')}
      cancelLabel={t('meetings.controls.endCancel')}
      pendingLabel={t('meetings.controls.ending')}
      pending={pending}
      error={error}
      onConfirm={async () => {
        setPending(true);
        setError(null);
        const result = await send('meeting:end', { confirm: true });
        setPending(false);
        if (!result.ok) setError(errorMessage(t, result.code));
        return result.ok;
      }}
    />
  );
}

/** For a group facilitator who is not the session's facilitator: take the role over. */
export function TakeOver() {
  const { t } = useTranslation();
  const { room, run } = useRoom();
  return (
    <section className="room-panel" aria-labelledby="takeover-title">
      <h3 id="takeover-title">{t('meetings.controls.title')}</h3>
      <p className="small muted">{t('meetings.controls.takeOverHint')}</p>
      <button type="button" className="button" onClick={() => void run('meeting:hand-over', { userId: room.me.userId }, t('meetings.controls.tookOver'))}>
        {t('meetings.controls.takeOver')}
      </button>
    </section>
  );
}
