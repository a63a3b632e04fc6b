import type { MeetingState } from '@samla/shared';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Room } from './useMeetingRoom';

/**
 * Polite announcements for what changes in the room without the person doing it: the session
 * starts, the agenda moves, the timer starts or stops, a vote opens or is revealed, they are given
 * the floor or the facilitator role. (Timer milestones are announced by the timer itself.)
 */
export function useRoomAnnouncements(room: Room, announce: (text: string) => void): void {
  const { t } = useTranslation();
  const previous = useRef<MeetingState | null>(null);
  const { state, me } = room;

  useEffect(() => {
    const before = previous.current;
    previous.current = state;
    if (!before || before.id !== state.id || before.version === state.version) return;
    const said: string[] = [];
    if (before.status !== state.status) said.push(t(`meetings.announce.status.${state.status}`));
    if (state.currentItem !== null && before.currentItem !== state.currentItem) {
      const item = state.agenda[state.currentItem];
      if (item) said.push(t('meetings.announce.item', { n: state.currentItem + 1, count: state.agenda.length, title: item.title }));
    }
    const tb = before.timer;
    const ta = state.timer;
    if (ta && (!tb || ta.durationMs !== tb.durationMs || (tb.status === 'paused' && ta.status === 'running'))) {
      if (!tb || ta.durationMs < tb.durationMs) said.push(t('meetings.announce.timerStarted', { count: Math.round(ta.durationMs / 60_000) }));
      else if (ta.durationMs > tb.durationMs) said.push(t('meetings.announce.timerAdded'));
      else said.push(t('meetings.announce.timerResumed'));
    } else if (tb && !ta && before.currentItem === state.currentItem) said.push(t('meetings.announce.timerStopped'));
    else if (tb?.status === 'running' && ta?.status === 'paused') said.push(t('meetings.announce.timerPaused'));
    if (state.vote?.status === 'open' && (before.vote?.round !== state.vote.round || before.vote.status !== 'open')) {
      said.push(t('meetings.announce.voteOpened', { count: state.vote.votesPerPerson }));
    }
    if (state.voteResults.length > before.voteResults.length) said.push(t('meetings.announce.voteRevealed'));
    if (state.speaking && state.speaking.userId !== before.speaking?.userId) {
      said.push(state.speaking.userId === me.userId ? t('meetings.announce.youSpeak') : t('meetings.announce.speaks', { name: state.speaking.name }));
    }
    if (state.facilitatorId !== before.facilitatorId && state.facilitatorId === me.userId) said.push(t('meetings.announce.youFacilitate'));
    if (said.length > 0) announce(said.join(' '));
  }, [state, me.userId, announce, t]);
}
