import type { VoteResult } from '@samla/shared';
import { useTranslation } from 'react-i18next';
import { useRoom } from './context';
import { currentLocale } from '../../i18n';
import { personName } from '../../i18n/personName';
import { formatDueDate } from './dueDate';
import { rankedRows } from './room';

/** What the session has produced so far: vote results, decisions and action items. */
export function OutcomesPanel() {
  const { t } = useTranslation();
  const { room, shown, view } = useRoom();
  const { state } = room;
  const vote = state.vote;
  const voteElsewhere = vote?.status === 'open' && !(shown?.kind === 'board' && shown.itemId === vote.boardId);

  return (
    <section className="room-panel" aria-labelledby="outcomes-title">
      <h3 id="outcomes-title">{t('meetings.outcomes.title')}</h3>
      {voteElsewhere && (
        <div className="notice">
          <p>{t('meetings.vote.elsewhere')}</p>
          <button type="button" className="button button--small" onClick={() => view({ kind: 'board', itemId: vote.boardId })}>
            {t('meetings.vote.showBoard')}
          </button>
        </div>
      )}
      {[...state.voteResults].reverse().map((r) => (
        <VoteResultTable key={r.round} result={r} />
      ))}
      <h4>{t('meetings.outcomes.decisions')}</h4>
      {state.decisions.length === 0 ? (
        <p className="muted small">{t('meetings.outcomes.noDecisions')}</p>
      ) : (
        <ul className="outcomes" data-testid="decisions">
          {state.decisions.map((d) => (
            <li key={d.id}>{d.text}</li>
          ))}
        </ul>
      )}
      <h4>{t('meetings.outcomes.actions')}</h4>
      {state.actionItems.length === 0 ? (
        <p className="muted small">{t('meetings.outcomes.noActions')}</p>
      ) : (
        <ActionItemList items={state.actionItems} />
      )}
    </section>
  );
}

export function ActionItemList({ items }: { items: { id: string; text: string; owner: { name: string }; due: string | null; done?: boolean }[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="outcomes" data-testid="action-items">
      {items.map((a) => (
        <li key={a.id}>
          {a.text}
          <span className="small muted">
            {' — '}
            {a.due
              ? t('meetings.outcomes.ownerDue', { owner: personName(t, a.owner.name), due: formatDueDate(a.due, currentLocale(i18n)) })
              : t('meetings.outcomes.owner', { owner: personName(t, a.owner.name) })}
          </span>
          {/* Followed up in the tracker (/actions). */}
          {a.done && <span className="badge">{t('actions.doneBadge')}</span>}
        </li>
      ))}
    </ul>
  );
}

/** A revealed vote, ranked: place (ties share it), sticky text, votes. */
export function VoteResultTable({ result }: { result: Pick<VoteResult, 'round' | 'ranking' | 'totalVotes' | 'voters'> }) {
  const { t } = useTranslation();
  const rows = rankedRows(result);
  return (
    <table className="vote-result" data-testid="vote-result">
      <caption>{t('meetings.vote.resultCaption', { round: result.round, voters: result.voters, votes: result.totalVotes })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('meetings.vote.place')}</th>
          <th scope="col">{t('meetings.vote.sticky')}</th>
          <th scope="col">{t('meetings.vote.votes')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.stickyId}>
            <td>{r.tied ? t('meetings.vote.tiedPlace', { place: r.place }) : r.place}</td>
            <th scope="row">{r.text || t('meetings.vote.emptySticky')}</th>
            <td>
              {r.votes}
              <span className="vote-result__bar" style={{ inlineSize: `${Math.round(r.share * 100)}%` }} aria-hidden="true" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
