import { describe, expect, it } from 'vitest';
import { municipalityName, postcodeInMunicipality, stockholmCountyMunicipalities, stockholmCountyMunicipality } from '../schemas/membership.js';
import { foldName } from '../schemas/organisations.js';
import { STOCKHOLM_COUNTY } from './stockholmCounty.js';

describe('Stockholm County data', () => {
  it('has the 26 municipalities, each with an official name, a code of the county (01xx) and postcode ranges', () => {
    expect(STOCKHOLM_COUNTY).toHaveLength(26);
    expect(stockholmCountyMunicipalities).toEqual(STOCKHOLM_COUNTY.map((m) => m.name));
    for (const m of STOCKHOLM_COUNTY) {
      expect(m.officialName).toMatch(/ kommun$/);
      expect(m.code).toMatch(/^01\d\d$/);
      expect(m.postcodes.length).toBeGreaterThan(0);
    }
    expect(new Set(STOCKHOLM_COUNTY.map((m) => m.code)).size).toBe(26);
  });

  it('shows municipalities by their official names and reads them back', () => {
    expect(municipalityName('Stockholm')).toBe('Stockholms kommun');
    expect(municipalityName('Solna')).toBe('Solna kommun');
    expect(municipalityName('Upplands Väsby')).toBe('Upplands Väsby kommun');
    expect(stockholmCountyMunicipality('Stockholms kommun')).toBe('Stockholm');
    expect(stockholmCountyMunicipality('solna stad')).toBe('Solna');
    expect(stockholmCountyMunicipality('Uppsala kommun')).toBeNull();
  });

  it('knows which postcodes belong to which municipality', () => {
    expect(postcodeInMunicipality('171 64', 'Solna')).toBe(true);
    expect(postcodeInMunicipality('11122', 'Stockholm')).toBe(true);
    expect(postcodeInMunicipality('111 22', 'Solna')).toBe(false);
    expect(postcodeInMunicipality('131 40', 'Nacka kommun')).toBe(true);
    expect(postcodeInMunicipality('761 30', 'Norrtälje')).toBe(true);
    // Prefixes the checked postcode list shows serving a second municipality (see the data file's note).
    expect(postcodeInMunicipality('148 95', 'Haninge')).toBe(true);
    expect(postcodeInMunicipality('148 95', 'Nynäshamn')).toBe(true);
    expect(postcodeInMunicipality('137 94', 'Nynäshamn')).toBe(true);
    expect(postcodeInMunicipality('173 13', 'Solna')).toBe(true);
    expect(postcodeInMunicipality('173 13', 'Sundbyberg')).toBe(true);
    expect(postcodeInMunicipality('149 30', 'Haninge')).toBe(false);
    expect(postcodeInMunicipality('753 20', 'Stockholm')).toBe(false);
    expect(postcodeInMunicipality('1234', 'Stockholm')).toBe(false);
    expect(postcodeInMunicipality('111 22', 'Uppsala')).toBe(false);
  });
});

describe('foldName', () => {
  it('compares names without case, accents or extra spaces', () => {
    expect(foldName('Åkessons  Trädgård')).toBe('akessons tradgard');
    expect(foldName('Café Öst')).toBe(foldName('cafe ost'));
  });
});
