import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The optional sound when the timer reaches 0:00: off by default, remembered per person on this
 * browser, made with the Web Audio API (no audio file). Browsers start audio only after a gesture,
 * so the context is created or resumed when the person turns the sound on or next touches the page.
 */
const storageKey = (userId: string) => `samla.timerSound.${userId}`;

function saved(userId: string): boolean {
  try {
    return localStorage.getItem(storageKey(userId)) === 'on';
  } catch {
    // Storage can be off: the sound then stays off unless turned on for this visit.
    return false;
  }
}

type AudioContextClass = typeof AudioContext;

function newContext(): AudioContext | null {
  const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext;
  return Ctor ? new Ctor() : null;
}

/** A soft two-note chime of about 0.7 s: one oscillator that steps down a fifth, with a gain envelope. */
function chime(ctx: AudioContext): void {
  const t = ctx.currentTime;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'sine';
  osc.frequency.setValueAtTime(880, t);
  osc.frequency.setValueAtTime(587.33, t + 0.28);
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.3, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.05, t + 0.26);
  gain.gain.exponentialRampToValueAtTime(0.3, t + 0.3);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.7);
  osc.connect(gain).connect(ctx.destination);
  osc.start(t);
  osc.stop(t + 0.72);
}

export interface TimerSound {
  on: boolean;
  setOn(next: boolean): void;
  /** Plays the chime for the expiry `key` (the timer's end time), at most once per key, if the sound is on. */
  timeUp(key: number): void;
}

export function useTimerSound(userId: string): TimerSound {
  const [on, setOnState] = useState(() => saved(userId));
  const ctx = useRef<AudioContext | null>(null);
  const played = useRef<number | null>(null);

  const unlock = useCallback(() => {
    ctx.current ??= newContext();
    // Refused without a user gesture: the next gesture unlocks it again, and until then the timer is silent.
    if (ctx.current?.state === 'suspended') void ctx.current.resume().catch(() => {});
  }, []);

  // Remembered as on: the first gesture in the page lets the browser play it later.
  useEffect(() => {
    if (!on) return;
    const events = ['pointerdown', 'keydown'] as const;
    const once = () => {
      unlock();
      for (const e of events) window.removeEventListener(e, once, true);
    };
    for (const e of events) window.addEventListener(e, once, true);
    return () => {
      for (const e of events) window.removeEventListener(e, once, true);
    };
  }, [on, unlock]);

  useEffect(
    () => () => {
      // Leaving the page: a context that is already closed rejects, and there is nothing left to do with it.
      void ctx.current?.close().catch(() => {});
      ctx.current = null;
    },
    [],
  );

  const setOn = useCallback(
    (next: boolean) => {
      setOnState(next);
      if (next) unlock();
      try {
        localStorage.setItem(storageKey(userId), next ? 'on' : 'off');
      } catch {
        // Not remembered; the choice holds for this visit.
      }
    },
    [userId, unlock],
  );

  const timeUp = useCallback(
    (key: number) => {
      if (!on || played.current === key) return;
      played.current = key;
      unlock();
      if (ctx.current) chime(ctx.current);
    },
    [on, unlock],
  );

  return { on, setOn, timeUp };
}
