import type { AppError, ErrorBody, ErrorCode } from './errors.js';

/** The one acknowledgement shape for every Socket.IO command. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export type AckCallback<T> = (result: Ack<T>) => void;

export const ok = <T>(data: T): Ack<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string): Ack<never> => ({
  ok: false,
  error: { code, message },
});

/** The ack for a refusal thrown as an AppError: the same code and message HTTP would answer. */
export const failWith = (err: AppError): Ack<never> => ({ ok: false, error: err.toBody() });
