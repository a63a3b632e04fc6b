import { useCallback, useEffect, useState } from 'react';

/** Below this width the documents sidebar starts collapsed, so the open item gets the room. */
const NARROW = '(max-width: 68.75rem)';
/** Phones: the sidebar is a drawer over the content, and always starts closed. */
export const PHONE = '(max-width: 52rem)';

const storageKey = (userId: string) => `samla.sidebar.${userId}`;
const matches = (query: string) => typeof window !== 'undefined' && window.matchMedia(query).matches;

function saved(userId: string): boolean | null {
  try {
    const value = localStorage.getItem(storageKey(userId));
    return value === null ? null : value === 'open';
  } catch {
    // Storage can be off (private mode, policy): the default then applies every time.
    return null;
  }
}

/**
 * Whether the group's documents sidebar is open: remembered per person on this browser, open by
 * default on wide screens, collapsed below 1100 px, and a closed drawer on phones. A choice made on
 * a phone is not remembered: the drawer covers the content, so it must not reopen by itself.
 */
export function useSidebar(userId: string) {
  const [phone, setPhone] = useState(() => matches(PHONE));
  const [open, setOpenState] = useState(() => !phone && (saved(userId) ?? !matches(NARROW)));

  useEffect(() => {
    const query = window.matchMedia(PHONE);
    const changed = () => {
      setPhone(query.matches);
      if (query.matches) setOpenState(false);
    };
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, []);

  const setOpen = useCallback(
    (next: boolean) => {
      setOpenState(next);
      if (phone) return;
      try {
        localStorage.setItem(storageKey(userId), next ? 'open' : 'closed');
      } catch {
        // Not remembered; the choice still holds for this visit.
      }
    },
    [phone, userId],
  );

  return { open, setOpen, phone };
}
