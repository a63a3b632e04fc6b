import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { useAuth } from '../../features/auth/AuthContext';
import { MeetingRoom } from '../../features/meetings/MeetingRoom';
import { sessionsPath } from '../../features/meetings/paths';
import { useMeetingRoom } from '../../features/meetings/useMeetingRoom';
import { useGroupContext } from '../../features/space/context';
import { errorMessage } from '../../i18n/errors';

/** `sessions/:sessionId`: the live room (or the agenda before the start, or the minutes after the end). */
export default function SessionRoomRoute() {
  const { t } = useTranslation();
  const { sessionId = '' } = useParams();
  const { group, user, setScreenTitle } = useGroupContext();
  const { sessionEnded } = useAuth();
  const { status, send } = useMeetingRoom(sessionId);
  const title = status.status === 'ready' ? status.room.state.title : null;
  useEffect(() => {
    setScreenTitle(title);
    return () => setScreenTitle(null);
  }, [title, setScreenTitle]);

  if (status.status === 'connecting') return <Loading label={t('meetings.room.joining')} />;
  if (status.status === 'error') {
    const { code } = status;
    return (
      <ErrorState title={code === 'not_found' || code === 'invalid_payload' ? t('meetings.room.notFound') : t('meetings.room.errorTitle')}>
        <p>{errorMessage(t, code)}</p>
        {code === 'unauthenticated' ? (
          <button type="button" className="button" onClick={sessionEnded}>
            {t('connection.signInAgain')}
          </button>
        ) : (
          <Link to={sessionsPath(group.id)}>{t('meetings.backToList')}</Link>
        )}
      </ErrorState>
    );
  }
  return <MeetingRoom room={status.room} send={send} group={group} user={user} />;
}
