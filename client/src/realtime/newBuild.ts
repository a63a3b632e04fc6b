const RELOADED_AT = 'samla:reloadedForNewBuild';
/** A tab that reloaded this recently and is still refused got a cached old build: do not loop. */
const AGAIN_AFTER_MS = 60_000;

/**
 * The server no longer accepts this tab's build (close code 4426, Socket.IO `client_too_old`): load the
 * new one. Edits made offline are already in the browser's document cache and sync after the reload.
 * Returns false when the tab reloaded for this reason in the last minute, so the caller shows its
 * message with a reload button instead.
 */
export function reloadForNewBuild(): boolean {
  let last = 0;
  try {
    last = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
    if (Date.now() - last < AGAIN_AFTER_MS) return false;
    sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  } catch {
    // No session storage (privacy settings): without the loop guard, let the person reload.
    return false;
  }
  window.location.reload();
  return true;
}
