import type { FollowTarget, MyGroup, PublicUser } from '@samla/shared';
import { createContext, useContext } from 'react';
import type { ClientToServerEvents } from '@samla/shared';
import type { Payload, Room, SendCommand } from './useMeetingRoom';

type Commands = ClientToServerEvents;

export interface RoomContextValue {
  room: Room;
  group: MyGroup;
  user: PublicUser;
  /** Is the session's facilitator now (follows hand-overs). */
  facilitating: boolean;
  /** May raise a hand and vote. */
  participating: boolean;
  send: SendCommand;
  /**
   * Sends a command; a refusal shows its translated message in the room's alert and resolves false.
   * `done` is announced politely on success.
   */
  run<E extends keyof Commands>(event: E, payload: Payload<E>, done?: string): Promise<boolean>;
  announce(text: string): void;
  /** What this person looks at beside the agenda, and how to change it. */
  shown: FollowTarget | null;
  following: boolean;
  /** Look at something else (participants step away from the facilitator unless it is what they follow). */
  view(target: FollowTarget | null): void;
  /** Back to what the facilitator shows. */
  followAgain(): void;
}

export const RoomContext = createContext<RoomContextValue | null>(null);

export function useRoom(): RoomContextValue {
  const value = useContext(RoomContext);
  if (!value) throw new Error('useRoom outside the session room');
  return value;
}

/** Where the bar's vote buttons move the focus: the vote setup (facilitator) and the voting list (BoardTools). */
export const VOTE_SETUP_ID = 'room-vote-setup';
export const VOTE_LIST_ID = 'room-vote';
