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
 * default on wide screens, collapsed below 1100 px. On phones, and over a board's canvas (`canvas`),
 * it is a drawer over the content that starts closed, and a choice made there is not remembered:
 * a drawer covers the content, so it must not reopen by itself.
 */
export function useSidebar(userId: string, canvas: boolean) {
  const [phone, setPhone] = useState(() => matches(PHONE));
  const drawer = phone || canvas;
  const [open, setOpenState] = useState(() => !drawer && (saved(userId) ?? !matches(NARROW)));

  useEffect(() => {
    const query = window.matchMedia(PHONE);
    const changed = () => setPhone(query.matches);
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, []);

  // Becoming a drawer closes it; leaving the drawer brings back the person's own choice.
  useEffect(() => {
    setOpenState(!drawer && (saved(userId) ?? !matches(NARROW)));
  }, [drawer, userId]);

  const setOpen = useCallback(
    (next: boolean) => {
      setOpenState(next);
      if (drawer) return;
      try {
        localStorage.setItem(storageKey(userId), next ? 'open' : 'closed');
      } catch {
        // Not remembered; the choice still holds for this visit.
      }
    },
    [drawer, userId],
  );

  return { open, setOpen, drawer };
}
