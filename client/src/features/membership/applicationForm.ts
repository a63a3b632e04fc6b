import { applicationRequest, ErrorCode, type ApplicationRequest } from '@samla/shared';
import type { ApiError } from '../../api';

/** The form's fields, in the order they appear on the page (the error summary follows it). */
export const applyFields = [
  'name',
  'orgNumber',
  'website',
  'street',
  'postalCode',
  'municipality',
  'contactName',
  'contactEmail',
  'groupIds',
] as const;
export type ApplyField = (typeof applyFields)[number];

/** What is wrong with a field; each maps to its own translated message. */
export type FieldProblem = 'required' | 'invalid' | 'outsideCounty' | 'duplicate' | 'postcodeMismatch';

export type ApplyValues = { [K in Exclude<ApplyField, 'groupIds'>]: string } & { groupIds: string[] };
export type ApplyErrors = Partial<Record<ApplyField, FieldProblem>>;

export const emptyApplication: ApplyValues = {
  name: '',
  orgNumber: '',
  website: '',
  street: '',
  postalCode: '',
  municipality: '',
  contactName: '',
  contactEmail: '',
  groupIds: [],
};

const optional: ReadonlySet<ApplyField> = new Set(['website', 'groupIds']);
export const isOptional = (field: ApplyField): boolean => optional.has(field);

const isField = (value: unknown): value is ApplyField => (applyFields as readonly unknown[]).includes(value);

/**
 * One field, checked with the very schema the server uses (the organisation number's Luhn check
 * included), so the client never accepts what the server refuses or the other way round.
 */
export function validateField(field: ApplyField, values: ApplyValues): FieldProblem | null {
  const value = values[field];
  if (typeof value === 'string' && value.trim() === '') return isOptional(field) ? null : 'required';
  return applicationRequest.shape[field].safeParse(value).success ? null : 'invalid';
}

/** Every field's problem; an empty object when the form may be sent. */
export function validateApplication(values: ApplyValues): ApplyErrors {
  const errors: ApplyErrors = {};
  for (const field of applyFields) {
    const problem = validateField(field, values);
    if (problem) errors[field] = problem;
  }
  return errors;
}

/** The request body: trimmed, with an empty website left out. */
export function toApplicationRequest(values: ApplyValues): ApplicationRequest {
  const { website, groupIds, ...rest } = values;
  const trimmed = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v.trim()])) as Omit<ApplyValues, 'website' | 'groupIds'>;
  return { ...trimmed, ...(website.trim() ? { website: website.trim() } : {}), groupIds };
}

/**
 * Where a refused application's problem lies: outside_county is the municipality, a duplicate is
 * the organisation number, and invalid_payload names its field first ("orgNumber: …").
 * Null when the error is not about one field (network, rate limit, server fault).
 */
export function fieldErrorFromApi(error: Pick<ApiError, 'code' | 'message'>): { field: ApplyField; problem: FieldProblem } | null {
  switch (error.code) {
    case ErrorCode.outsideCounty:
      return { field: 'municipality', problem: 'outsideCounty' };
    case ErrorCode.duplicateOrgNumber:
      return { field: 'orgNumber', problem: 'duplicate' };
    case ErrorCode.postcodeMismatch:
      return { field: 'postalCode', problem: 'postcodeMismatch' };
    case ErrorCode.invalidPayload: {
      const field = /^([A-Za-z]+)[.:]/.exec(error.message)?.[1];
      return isField(field) ? { field, problem: 'invalid' } : null;
    }
    default:
      return null;
  }
}
