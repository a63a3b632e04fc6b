import { describe, expect, it } from 'vitest';
import { emptyApplication, fieldErrorFromApi, toApplicationRequest, validateApplication, validateField, type ApplyValues } from './applicationForm';

const valid: ApplyValues = {
  name: 'Gröna Gården ekonomisk förening',
  orgNumber: '556036-0793',
  website: 'gronagarden.se',
  street: 'Storgatan 1',
  postalCode: '11122',
  municipality: 'Stockholm',
  contactName: 'Alex Kontakt',
  contactEmail: 'alex@example.se',
  groupIds: ['plast'],
};

describe('application form validation', () => {
  it('accepts a complete application, with or without a website', () => {
    expect(validateApplication(valid)).toEqual({});
    expect(validateApplication({ ...valid, website: '', groupIds: [] })).toEqual({});
  });

  it('asks for every required field of an empty form, but not for the optional ones', () => {
    const errors = validateApplication(emptyApplication);
    expect(errors).toEqual({
      name: 'required',
      orgNumber: 'required',
      street: 'required',
      postalCode: 'required',
      municipality: 'required',
      contactName: 'required',
      contactEmail: 'required',
    });
  });

  it('checks the organisation number with the Luhn digit, hyphen optional', () => {
    expect(validateField('orgNumber', { ...valid, orgNumber: '5560360793' })).toBeNull();
    expect(validateField('orgNumber', { ...valid, orgNumber: '556036-0794' })).toBe('invalid');
    expect(validateField('orgNumber', { ...valid, orgNumber: '55603607' })).toBe('invalid');
  });

  it('refuses a malformed postal code, email or website', () => {
    expect(validateField('postalCode', { ...valid, postalCode: '111 22' })).toBeNull();
    expect(validateField('postalCode', { ...valid, postalCode: '1112' })).toBe('invalid');
    expect(validateField('contactEmail', { ...valid, contactEmail: 'alex@' })).toBe('invalid');
    expect(validateField('website', { ...valid, website: 'inte en adress' })).toBe('invalid');
  });

  it('sends trimmed values and leaves an empty website out', () => {
    expect(toApplicationRequest({ ...valid, name: '  Gröna Gården ', website: ' ' })).toEqual({
      ...valid,
      name: 'Gröna Gården',
      website: undefined,
    });
    expect('website' in toApplicationRequest({ ...valid, website: '' })).toBe(false);
  });
});

describe('server errors on a field', () => {
  it('puts outside_county on the municipality and a duplicate on the number', () => {
    expect(fieldErrorFromApi({ code: 'outside_county', message: 'Membership is open…' })).toEqual({
      field: 'municipality',
      problem: 'outsideCounty',
    });
    expect(fieldErrorFromApi({ code: 'duplicate_org_number', message: '' })).toEqual({ field: 'orgNumber', problem: 'duplicate' });
    expect(fieldErrorFromApi({ code: 'postcode_mismatch', message: 'postalCode: 111 22 is not a postcode of Solna kommun' })).toEqual({
      field: 'postalCode',
      problem: 'postcodeMismatch',
    });
  });

  it('reads the field from an invalid_payload message', () => {
    expect(fieldErrorFromApi({ code: 'invalid_payload', message: 'orgNumber: not a valid Swedish organisation number' })).toEqual({
      field: 'orgNumber',
      problem: 'invalid',
    });
    expect(fieldErrorFromApi({ code: 'invalid_payload', message: 'groupIds.0: no working group "x"' })).toEqual({
      field: 'groupIds',
      problem: 'invalid',
    });
    expect(fieldErrorFromApi({ code: 'invalid_payload', message: 'Unrecognized key: "extra"' })).toBeNull();
    expect(fieldErrorFromApi({ code: 'too_many_attempts', message: 'slow down' })).toBeNull();
  });
});
