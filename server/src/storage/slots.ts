/** The smallest slot number not in use (dot votes claim numbered slots, see `Store.meetingVotes`). */
export function freeSlot(used: number[]): number {
  const taken = new Set(used);
  let n = 0;
  while (taken.has(n)) n++;
  return n;
}
