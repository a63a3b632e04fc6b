import { Bell, BellOff, Hand, Menu } from 'lucide-react';
import { useEffect, useId, useRef, useState, type RefObject, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoom, VOTE_LIST_ID, VOTE_SETUP_ID } from './context';
import { EndSession } from './FacilitatorControls';
import { SpeakingQueue } from './ParticipantsPanel';
import { myVotesNow, sameTarget } from './room';
import { TimerDisplay } from './TimerDisplay';
import { useTimerSound } from './timerSound';

const focusById = (id: string): boolean => {
  const el = document.getElementById(id);
  if (!el) return false;
  el.focus();
  return true;
};

/**
 * The room's bar, sticky at the top while the page scrolls: the agenda position, the timer, the
 * speaking queue and one's own hand for everyone; for the session's facilitator also +1 minute,
 * the next item, "bring everyone here", the vote and the end. In a narrow room the facilitator's
 * less frequent controls fold into "Fler val"; the queue opens inside the bar, so nothing is covered.
 */
export function RoomBar({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const { room, facilitating, participating, run, announce } = useRoom();
  const { state, offset, me } = room;
  const sound = useTimerSound(me.userId);
  const ids = useId();
  const [queueOpen, setQueueOpen] = useState(false);
  const live = state.status === 'live';
  const current = state.currentItem;
  const item = current === null ? null : state.agenda[current];
  const position = !live
    ? t('meetings.bar.notStarted', { count: state.agenda.length })
    : item
      ? t('meetings.bar.position', { n: current! + 1, count: state.agenda.length, title: item.title })
      : t('meetings.bar.noItem');
  const last = current !== null && current >= state.agenda.length - 1;
  const bar = useRef<HTMLElement>(null);
  useScrollPadding(bar);

  return (
    <section ref={bar} className="room-bar" aria-label={t('meetings.bar.label')} data-testid="room-bar">
      <div className="room-bar__row">
        <p className="room-bar__position" title={position} data-testid="room-position">
          {position}
        </p>
        {live && (
          <div className="room-bar__group room-bar__timer">
            <TimerDisplay timer={state.timer} offset={offset} announce={announce} onTimeUp={sound.timeUp} />
            {facilitating && <TimerButton />}
            <button
              type="button"
              className="button button--small button--quiet room-bar__icon"
              aria-pressed={sound.on}
              aria-label={t('meetings.bar.sound')}
              title={t('meetings.bar.sound')}
              onClick={() => {
                sound.setOn(!sound.on);
                announce(sound.on ? t('meetings.bar.soundOff') : t('meetings.bar.soundOn'));
              }}
            >
              {sound.on ? <Bell className="icon" aria-hidden size={18} /> : <BellOff className="icon" aria-hidden size={18} />}
            </button>
          </div>
        )}
        {live && (
          <div className="room-bar__group">
            <button
              type="button"
              className="button button--small"
              aria-expanded={queueOpen}
              aria-controls={`${ids}queue`}
              onClick={() => setQueueOpen(!queueOpen)}
            >
              {t('meetings.bar.queue', { count: state.queue.length })}
            </button>
            {participating && !facilitating && <HandButton />}
            {participating && !facilitating && <VoteButton />}
          </div>
        )}
        {facilitating && !live && (
          <button type="button" className="button button--primary button--small" onClick={() => void run('meeting:start', {})}>
            {t('meetings.controls.start')}
          </button>
        )}
        {facilitating && live && (
          <>
            <button
              type="button"
              className="button button--primary button--small"
              aria-disabled={last}
              onClick={() => !last && void run('meeting:advance', { direction: 'next' })}
            >
              {t('meetings.controls.next')}
            </button>
            <MoreControls />
          </>
        )}
        {!room.connected && (
          // The room's header says it to screen readers (role="status"); this keeps it in sight while scrolled.
          <p className="room-bar__offline" aria-hidden="true">
            {room.offline ? t('meetings.bar.offline') : t('meetings.bar.reconnecting')}
          </p>
        )}
      </div>
      {children}
      {live && (
        <div id={`${ids}queue`} className="room-bar__panel" hidden={!queueOpen}>
          <SpeakingQueue />
        </div>
      )}
    </section>
  );
}

/**
 * While the bar sticks to the top, the window scrolls what gets the focus (or is scrolled to) below
 * it rather than under it: the page's scroll padding follows the bar's height.
 */
function useScrollPadding(bar: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = bar.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => {
      root.style.scrollPaddingTop = `${Math.ceil(el.getBoundingClientRect().height) + 8}px`;
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.scrollPaddingTop = '';
    };
  }, [bar]);
}

/** Facilitator: the item's timebox when no timer runs, otherwise +1 minute (the server adds it for everyone). */
function TimerButton() {
  const { t } = useTranslation();
  const { room, run } = useRoom();
  const { state } = room;
  const item = state.currentItem === null ? null : state.agenda[state.currentItem];
  if (state.timer) {
    return (
      <button type="button" className="button button--small" onClick={() => void run('meeting:timer', { action: 'add-minute' })}>
        {t('meetings.controls.addMinute')}
      </button>
    );
  }
  if (!item) return null;
  return (
    <button type="button" className="button button--small" onClick={() => void run('meeting:timer', { action: 'start' })}>
      {t('meetings.controls.timerTimebox', { count: item.timeboxMinutes })}
    </button>
  );
}

function HandButton() {
  const { t } = useTranslation();
  const { room, run } = useRoom();
  const position = room.state.queue.findIndex((q) => q.userId === room.me.userId) + 1;
  const raised = position > 0;
  return (
    <>
      <button
        type="button"
        className={raised ? 'button button--small' : 'button button--small button--primary'}
        aria-pressed={raised}
        onClick={() => void run('meeting:hand', { raised: !raised }, raised ? t('meetings.queue.lowered') : t('meetings.queue.raised'))}
      >
        <Hand className="icon" aria-hidden size={16} strokeWidth={2.25} />
        {raised ? t('meetings.queue.lower') : t('meetings.queue.raise')}
      </button>
      {raised && <span className="small">{t('meetings.queue.position', { position })}</span>}
    </>
  );
}

/** A participant during a vote: to the voting list, bringing the vote's board up first if another item is shown. */
function VoteButton() {
  const { t } = useTranslation();
  const { room, shown, view } = useRoom();
  const [pending, setPending] = useState(false);
  const vote = room.state.vote;
  // After every render while pending, on purpose: the voting list appears in a later render than the click.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (pending && focusById(VOTE_LIST_ID)) setPending(false);
  });
  const mine = myVotesNow(room.state, room.myVotes);
  if (vote?.status !== 'open' || !mine) return null;
  return (
    <button
      type="button"
      className="button button--small button--primary"
      onClick={() => {
        if (shown?.kind === 'board' && shown.itemId === vote.boardId && focusById(VOTE_LIST_ID)) return;
        view({ kind: 'board', itemId: vote.boardId });
        setPending(true);
      }}
    >
      {t('meetings.bar.vote', { count: mine.remaining })}
    </button>
  );
}

/** Bring everyone here, the vote and the end: in the row on wide screens, behind "Fler val" when narrow. */
function MoreControls() {
  const { t } = useTranslation();
  const { room, shown, run, followAgain } = useRoom();
  const { state } = room;
  const ids = useId();
  const [open, setOpen] = useState(false);
  const everyoneHere = sameTarget(shown, state.followTarget) && state.notFollowing.length === 0;
  const vote = state.vote;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open || e.defaultPrevented) return;
    setOpen(false);
    document.getElementById(`${ids}toggle`)?.focus();
  };

  return (
    <>
      <button
        id={`${ids}toggle`}
        type="button"
        className="button button--small room-bar__more-toggle"
        aria-expanded={open}
        aria-controls={`${ids}more`}
        onClick={() => setOpen(!open)}
      >
        <Menu className="icon" aria-hidden size={16} />
        {t('meetings.bar.more')}
      </button>
      <div id={`${ids}more`} className="room-bar__more" data-open={open || undefined} onKeyDown={onKeyDown}>
        <button
          type="button"
          className="button button--small"
          disabled={!shown || everyoneHere}
          onClick={() => shown && void run('meeting:follow-target', { target: shown }, t('meetings.follow.broughtHere')).then((ok) => ok && followAgain())}
        >
          {t('meetings.follow.bringHere')}
        </button>
        {vote?.status === 'open' ? (
          <button type="button" className="button button--small" onClick={() => void run('meeting:vote-reveal', {}, t('meetings.announce.voteRevealed'))}>
            {t('meetings.vote.reveal')}
          </button>
        ) : (
          shown?.kind === 'board' && (
            <button type="button" className="button button--small" onClick={() => focusById(VOTE_SETUP_ID)}>
              {t('meetings.bar.startVote')}
            </button>
          )
        )}
        <EndSession className="room-bar__end" />
      </div>
    </>
  );
}
