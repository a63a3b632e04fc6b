import { readSections, readStickies, type FollowTarget } from '@samla/shared';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { boardMaps } from '../board/model';
import { useRoom, VOTE_LIST_ID, VOTE_SETUP_ID } from './context';
import { canAddVote, myVotesNow } from './room';

interface BoardSnapshot {
  stickies: { id: string; text: string; sectionId: string | null }[];
  sections: { id: string; title: string }[];
}

/** The board's stickies and sections, live (text included). */
function useBoardSnapshot(doc: Y.Doc): BoardSnapshot {
  const maps = useMemo(() => boardMaps(doc), [doc]);
  const read = (): BoardSnapshot => ({
    stickies: readStickies(doc).map(({ id, text, sectionId }) => ({ id, text, sectionId })),
    sections: readSections(doc).map(({ id, title }) => ({ id, title })),
  });
  const [snapshot, setSnapshot] = useState(read);
  useEffect(() => {
    const update = () => setSnapshot(read());
    update();
    maps.stickies.observeDeep(update);
    maps.sections.observeDeep(update);
    return () => {
      maps.stickies.unobserveDeep(update);
      maps.sections.unobserveDeep(update);
    };
    // `read` depends only on `doc`, which `maps` is made from.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [maps]);
  return snapshot;
}

/**
 * Session tools above the shown board: the section the facilitator brought everyone to, bringing
 * everyone to a section, setting up a dot vote, and voting while one is open on this board.
 */
export function BoardTools({ doc, boardId, target }: { doc: Y.Doc; boardId: string; target: FollowTarget }) {
  const { t } = useTranslation();
  const { room, facilitating, participating } = useRoom();
  const board = useBoardSnapshot(doc);
  const vote = room.state.vote;
  const voteHere = vote?.status === 'open' && vote.boardId === boardId;
  const sectionTitle = (id: string) => board.sections.find((s) => s.id === id)?.title || t('board.untitledSection');

  return (
    <div className="board-tools">
      {target.sectionId && <p className="small">{t('meetings.follow.section', { title: sectionTitle(target.sectionId) })}</p>}
      {facilitating && board.sections.length > 0 && <BringToSection boardId={boardId} sections={board.sections} />}
      {voteHere && participating && <VoteOnStickies board={board} />}
      {voteHere && !participating && <p className="notice">{t('meetings.vote.observer')}</p>}
      {facilitating && (voteHere ? <RevealVote /> : vote?.status !== 'open' && <OpenVoteForm boardId={boardId} board={board} />)}
    </div>
  );
}

function BringToSection({ boardId, sections }: { boardId: string; sections: BoardSnapshot['sections'] }) {
  const { t } = useTranslation();
  const { run, followAgain } = useRoom();
  const id = useId();
  const [section, setSection] = useState(sections[0]!.id);
  const chosen = sections.some((s) => s.id === section) ? section : sections[0]!.id;
  return (
    <div className="board-tools__row">
      <label htmlFor={id}>{t('meetings.follow.sectionLabel')}</label>
      <select id={id} className="select" value={chosen} onChange={(e) => setSection(e.target.value)}>
        {sections.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title || t('board.untitledSection')}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button"
        onClick={() =>
          void run('meeting:follow-target', { target: { kind: 'board', itemId: boardId, sectionId: chosen } }, t('meetings.follow.broughtHere')).then(
            (ok) => ok && followAgain(),
          )
        }
      >
        {t('meetings.follow.bringToSection')}
      </button>
    </div>
  );
}

function OpenVoteForm({ boardId, board }: { boardId: string; board: BoardSnapshot }) {
  const { t } = useTranslation();
  const { run } = useRoom();
  const id = useId();
  const [votes, setVotes] = useState('3');
  const [cap, setCap] = useState('');
  const [scope, setScope] = useState('all');
  const [invalid, setInvalid] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const perPerson = Number(votes);
    const perSticky = cap.trim() === '' ? null : Number(cap);
    const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= 12;
    if (!valid(perPerson) || (perSticky !== null && !valid(perSticky))) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    const stickyIds = board.stickies.map((s) => s.id).slice(0, 500);
    void run('meeting:vote-open', {
      boardId,
      votesPerPerson: perPerson,
      maxPerSticky: perSticky,
      scope: scope === 'all' ? { stickyIds } : { sectionId: scope },
    });
  };

  if (board.stickies.length === 0) {
    return (
      <p id={VOTE_SETUP_ID} tabIndex={-1} className="small muted">
        {t('meetings.vote.noStickies')}
      </p>
    );
  }
  return (
    <form className="vote-setup" onSubmit={submit} aria-labelledby={`${id}title`} noValidate>
      <h4 id={`${id}title`}>{t('meetings.vote.setupTitle')}</h4>
      <div className="board-tools__row">
        <label htmlFor={VOTE_SETUP_ID}>{t('meetings.vote.perPerson')}</label>
        <input id={VOTE_SETUP_ID} type="number" min={1} max={12} value={votes} onChange={(e) => setVotes(e.target.value)} aria-describedby={invalid ? `${id}err` : undefined} aria-invalid={invalid || undefined} />
        <label htmlFor={`${id}cap`}>{t('meetings.vote.perSticky')}</label>
        <input id={`${id}cap`} type="number" min={1} max={12} value={cap} placeholder={t('meetings.vote.noCap')} onChange={(e) => setCap(e.target.value)} aria-describedby={`${id}caphint`} />
        <span id={`${id}caphint`} className="visually-hidden">{t('meetings.vote.capHint')}</span>
        <label htmlFor={`${id}scope`}>{t('meetings.vote.scope')}</label>
        <select id={`${id}scope`} className="select" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="all">{t('meetings.vote.allStickies', { count: board.stickies.length })}</option>
          {board.sections.map((s) => (
            <option key={s.id} value={s.id}>
              {t('meetings.vote.inSection', { title: s.title || t('board.untitledSection') })}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--primary">
          {t('meetings.vote.open')}
        </button>
      </div>
      {invalid && (
        <p id={`${id}err`} className="form-error" role="alert">
          {t('meetings.vote.invalid')}
        </p>
      )}
    </form>
  );
}

/** The vote is revealed from the room's bar. */
function RevealVote() {
  const { t } = useTranslation();
  return <p className="small">{t('meetings.vote.runningFacilitator')}</p>;
}

/** Voting with buttons, one row per sticky open for voting: keyboard and screen-reader friendly. */
function VoteOnStickies({ board }: { board: BoardSnapshot }) {
  const { t } = useTranslation();
  const { room, run } = useRoom();
  const vote = room.state.vote!;
  const mine = myVotesNow(room.state, room.myVotes)!;
  const textOf = (id: string) => board.stickies.find((s) => s.id === id)?.text.trim() || t('meetings.vote.emptySticky');

  // aria-disabled rather than disabled: the button keeps the focus when the last vote is placed.
  const cast = (stickyId: string, change: 1 | -1) => {
    if (change === 1 ? !canAddVote(room.state, mine, stickyId) : !mine.votes[stickyId]) return;
    const text = textOf(stickyId);
    void run('meeting:vote', { stickyId, change }, change === 1 ? t('meetings.vote.added', { text }) : t('meetings.vote.removed', { text }));
  };

  return (
    <section className="vote" aria-labelledby={VOTE_LIST_ID}>
      <h4 id={VOTE_LIST_ID} tabIndex={-1}>
        {t('meetings.vote.title')}
      </h4>
      <p data-testid="votes-remaining">
        {t('meetings.vote.remaining', { remaining: mine.remaining, count: vote.votesPerPerson })}
        {vote.maxPerSticky != null && ` ${t('meetings.vote.cap', { count: vote.maxPerSticky })}`}
      </p>
      <p className="small muted">{t('meetings.vote.secret')}</p>
      <ul className="vote__list">
        {vote.stickyIds.map((id) => {
          const n = mine.votes[id] ?? 0;
          const text = textOf(id);
          return (
            <li key={id} className="vote__row">
              <span className="vote__text">{text}</span>
              <span className="vote__mine">
                <span aria-hidden="true">{'●'.repeat(n)}</span>
                <span className="small">{t('meetings.vote.yours', { count: n })}</span>
              </span>
              <button type="button" className="button button--small" aria-disabled={!canAddVote(room.state, mine, id)} onClick={() => cast(id, 1)} aria-label={t('meetings.vote.addLabel', { text })}>
                {t('meetings.vote.add')}
              </button>
              <button type="button" className="button button--small" aria-disabled={n === 0} onClick={() => cast(id, -1)} aria-label={t('meetings.vote.removeLabel', { text })}>
                {t('meetings.vote.remove')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
