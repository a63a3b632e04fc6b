import type { FollowTarget, MyGroup, PublicUser } from '@samla/shared';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../i18n/errors';
import { AgendaPanel } from './AgendaPanel';
import { RoomContext, type RoomContextValue } from './context';
import { FacilitatorControls, TakeOver } from './FacilitatorControls';
import { FollowBar, ShownDocument } from './ShownDocument';
import { useMeetingTime } from './MeetingList';
import { MinutesView } from './MinutesView';
import { OutcomesPanel } from './OutcomesPanel';
import { ParticipantsPanel } from './ParticipantsPanel';
import { RoomBar } from './RoomBar';
import { sameTarget, shownTarget } from './room';
import { useRoomAnnouncements } from './announcements';
import type { Room, SendCommand } from './useMeetingRoom';
import './meetings.css';

// An ended session's exports and frozen pages and boards (features/archive), loaded only for past sessions.
const PastSession = lazy(() => import('../archive/PastSession'));

interface Props {
  room: Room;
  send: SendCommand;
  group: MyGroup;
  user: PublicUser;
}

/**
 * The session room: a bar that stays at the top (agenda position, timer, speaking queue, one's hand,
 * and for the session's facilitator the frequent controls), the shown page or board below it, then
 * the agenda, who is here, the outcomes and the facilitator's other tools. Before the start it shows
 * the agenda and (for the facilitator) a start button; after the end, the minutes.
 */
export function MeetingRoom({ room, send, group, user }: Props) {
  const { t } = useTranslation();
  const { state, me } = room;
  const when = useMeetingTime();
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  // This person's own choice of what to look at (null: they follow).
  const [own, setOwn] = useState<{ target: FollowTarget | null } | null>(null);

  const facilitating = state.facilitatorId === me.userId;
  const participating = me.canParticipate;
  // The facilitator never "steps away": they look around and bring everyone where they are.
  const serverFollowing = !state.notFollowing.includes(me.userId);
  const following = facilitating ? own === null : serverFollowing;
  const followed = shownTarget(state, true, null);
  const shown = following ? followed : shownTarget(state, false, own ? own.target : followed);

  const announce = useCallback((text: string) => setMessage((prev) => (prev === text ? `${text}\u00a0` : text)), []);

  const run = useCallback<RoomContextValue['run']>(
    async (event, payload, done) => {
      setError('');
      const result = await send(event, payload);
      if (!result.ok) {
        setError(errorMessage(t, result.code));
        return false;
      }
      if (done) announce(done);
      return true;
    },
    [send, t, announce],
  );

  const view = useCallback(
    (target: FollowTarget | null) => {
      // Picking what everyone is shown anyway is following.
      if (sameTarget(target, followed)) {
        setOwn(null);
        if (!facilitating && !serverFollowing) void run('meeting:follow', { following: true });
        return;
      }
      setOwn({ target });
      if (!facilitating && serverFollowing) void run('meeting:follow', { following: false });
    },
    [facilitating, serverFollowing, followed, run],
  );
  const followAgain = useCallback(() => {
    setOwn(null);
    if (!facilitating && !serverFollowing) void run('meeting:follow', { following: true });
  }, [facilitating, serverFollowing, run]);
  // When the server has this person follow again (they asked, or the facilitator brought everyone
  // somewhere), their own choice is over.
  const targetKey = JSON.stringify(state.followTarget);
  const before = useRef({ serverFollowing, targetKey });
  useEffect(() => {
    const prev = before.current;
    before.current = { serverFollowing, targetKey };
    if (facilitating) return;
    if ((serverFollowing && !prev.serverFollowing) || targetKey !== prev.targetKey) setOwn(null);
  }, [facilitating, serverFollowing, targetKey]);

  useRoomAnnouncements(room, announce);

  // On a phone the site and group headers fill the first screen: opening a room that is running or
  // about to, the window moves down to the room, so its bar and the shown item are what one sees.
  const roomRef = useRef<HTMLElement>(null);
  const inRoom = state.status === 'live' || state.status === 'scheduled';
  useEffect(() => {
    const el = roomRef.current;
    const bar = el?.querySelector('.room-bar');
    if (!el || !bar || bar.getBoundingClientRect().bottom <= window.innerHeight) return;
    window.scrollTo({ top: window.scrollY + el.getBoundingClientRect().top - 8 });
    // Once, when the room opens (or goes live while open).
  }, [inRoom]);

  const value = useMemo<RoomContextValue>(
    () => ({ room, group, user, facilitating, participating, send, run, announce, shown, following, view, followAgain }),
    [room, group, user, facilitating, participating, send, run, announce, shown, following, view, followAgain],
  );

  const alert = (
    <p className={error ? 'form-error room__error' : 'visually-hidden'} role="alert">
      {error}
    </p>
  );

  return (
    <RoomContext.Provider value={value}>
      <section ref={roomRef} className="room" aria-labelledby="room-title">
        <header className="room__header">
          <h2 id="room-title">{state.title}</h2>
          <p className="room__meta">
            <span className={state.status === 'live' ? 'badge badge--live' : 'badge'}>{t(`meetings.status.${state.status}`)}</span>
            <span>{when(state)}</span>
            {state.place && <span>{t('meetings.list.place', { place: state.place })}</span>}
            {state.videoUrl && (
              <a href={state.videoUrl} target="_blank" rel="noreferrer">
                {t('meetings.list.videoLink')}
              </a>
            )}
          </p>
          <p className={room.connected ? 'room__connection small muted' : 'room__connection notice'} role="status" data-testid="room-connection">
            {room.connected ? t('meetings.room.connected') : room.offline ? t('meetings.room.offline') : t('meetings.room.reconnecting')}
          </p>
        </header>
        <div className="visually-hidden" aria-live="polite" data-testid="room-announcer">
          {message}
        </div>

        {state.status === 'ended' || state.status === 'cancelled' ? alert : null}
        {state.status === 'ended' ? (
          <>
            <MinutesView />
            <Suspense fallback={null}>
              <PastSession groupId={group.id} meetingId={state.id} />
            </Suspense>
          </>
        ) : state.status === 'cancelled' ? (
          <p className="notice">{t('meetings.room.cancelled')}</p>
        ) : (
          <>
            {/* Refusals show in the bar, where the command was most likely given. */}
            <RoomBar>{alert}</RoomBar>
            <div className="room__layout">
              <div className="room__main">
                {state.status === 'scheduled' ? (
                  <p className="notice">{facilitating ? t('meetings.room.notStartedFacilitator') : t('meetings.room.notStarted')}</p>
                ) : (
                  <>
                    <FollowBar />
                    <ShownDocument />
                  </>
                )}
              </div>
              <div className="room__side">
                <AgendaPanel />
                {state.status === 'live' && <ParticipantsPanel />}
                {state.status === 'live' && <OutcomesPanel />}
                {facilitating && state.status === 'live' && <FacilitatorControls />}
                {!facilitating && group.can.leadMeetings && state.status === 'live' && <TakeOver />}
              </div>
            </div>
          </>
        )}
      </section>
    </RoomContext.Provider>
  );

}
