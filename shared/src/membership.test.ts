import { describe, expect, it } from 'vitest';
import {
  applicationRequest,
  normaliseOrgNumber,
  stockholmCountyMunicipalities,
  stockholmCountyMunicipality,
} from './index.js';

describe('organisation number', () => {
  it('accepts valid numbers with or without the hyphen and returns NNNNNN-NNNN', () => {
    // Real, Luhn-valid organisation numbers (Stockholms stad, Skatteverket, IKEA of Sweden AB).
    expect(normaliseOrgNumber('212000-0142')).toBe('212000-0142');
    expect(normaliseOrgNumber('2021005448')).toBe('202100-5448');
    expect(normaliseOrgNumber(' 556074-7569 ')).toBe('556074-7569');
  });

  it('refuses a wrong check digit', () => {
    expect(normaliseOrgNumber('212000-0143')).toBeNull();
    expect(normaliseOrgNumber('2021005449')).toBeNull();
  });

  it('refuses other formats', () => {
    for (const bad of ['21200-00142', '212000_0142', '212000-014', '19212000-0142', '2120000142x', '', 'abcdef-ghij', '212000--0142']) {
      expect(normaliseOrgNumber(bad)).toBeNull();
    }
  });
});

describe('Stockholm County municipalities', () => {
  it('has exactly 26 and accepts every one of them, in any case', () => {
    expect(stockholmCountyMunicipalities).toHaveLength(26);
    for (const m of stockholmCountyMunicipalities) {
      expect(stockholmCountyMunicipality(m)).toBe(m);
      expect(stockholmCountyMunicipality(` ${m.toUpperCase()} `)).toBe(m);
    }
  });

  it('refuses municipalities of other counties', () => {
    for (const m of ['Uppsala', 'Gnesta', 'Enköping', 'Knivsta', 'Göteborg', '']) {
      expect(stockholmCountyMunicipality(m)).toBeNull();
    }
  });
});

describe('application request', () => {
  const valid = {
    name: 'Grön Förening',
    orgNumber: '2021005448',
    street: 'Storgatan 1',
    postalCode: '11122',
    municipality: 'Solna',
    contactName: 'Alex Andersson',
    contactEmail: 'Alex@Example.se',
    groupIds: ['plast'],
  };

  it('normalises the organisation number, postal code, email and website', () => {
    const r = applicationRequest.parse({ ...valid, website: 'gron.example.se' });
    expect(r).toMatchObject({ orgNumber: '202100-5448', postalCode: '111 22', contactEmail: 'alex@example.se', website: 'https://gron.example.se' });
    expect(applicationRequest.parse(valid).website).toBeNull();
  });

  it('names the failing field', () => {
    const r = applicationRequest.safeParse({ ...valid, orgNumber: '202100-5449' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['orgNumber']);
    expect(applicationRequest.safeParse({ ...valid, postalCode: '1112' }).success).toBe(false);
    expect(applicationRequest.safeParse({ ...valid, extra: 1 }).success).toBe(false);
  });
});
