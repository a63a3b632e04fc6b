import { STOCKHOLM_COUNTY } from '@samla/shared';

/** A Luhn-valid organisation number NNNNNN-NNNN made from `n` (distinct n, distinct numbers). */
export function orgNumberFor(n: number): string {
  const nine = `80${String(n).padStart(7, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${nine.slice(0, 6)}-${nine.slice(6)}${(10 - (sum % 10)) % 10}`;
}

const kinds = ['Miljöförening', 'Bostadsrättsförening', 'Klimatnätverk', 'Fastighets AB', 'Återbruksverkstad', 'Idrottsförening'];
const places = ['Årsta', 'Södermalm', 'Östermalm', 'Hägersten', 'Älvsjö', 'Skärholmen', 'Vällingby', 'Kungsholmen'];

/** A postcode of the municipality: its first range's first prefix, and two digits from `n`. */
export function postcodeIn(municipality: string, n: number): string {
  const m = STOCKHOLM_COUNTY.find((c) => c.name === municipality)!;
  return `${m.postcodes[0]![0]} ${String(10 + (n % 90)).padStart(2, '0')}`;
}

export interface FixtureRow {
  name: string;
  orgNumber: string;
  street: string;
  postalCode: string;
  municipality: string;
  website: string;
  contactName: string;
  contactEmail: string;
}

/** `count` good member-list rows with Swedish names, spread over the county's municipalities. */
export function memberRows(count: number, start = 1): FixtureRow[] {
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    const m = STOCKHOLM_COUNTY[n % STOCKHOLM_COUNTY.length]!;
    const name = `${places[n % places.length]}s ${kinds[n % kinds.length]} nr ${n}`;
    return {
      name,
      orgNumber: orgNumberFor(n),
      street: `Storgatan ${n}`,
      postalCode: postcodeIn(m.name, n),
      // Half as "Solna", half as "Solna kommun": both are read.
      municipality: n % 2 ? m.name : m.officialName,
      website: n % 3 ? `forening${n}.example.se` : '',
      contactName: `Kontakt ${n}`,
      contactEmail: `kontakt${n}@example.se`,
    };
  });
}

export const FIXTURE_HEADER = ['Organisation', 'Organisationsnummer', 'Gatuadress', 'Postnummer', 'Kommun', 'Webbplats', 'Kontaktperson', 'E-post'];

export function toCsv(rows: FixtureRow[], delimiter: ';' | ',' = ';'): string {
  const cell = (v: string) => (/[";,\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [FIXTURE_HEADER, ...rows.map((r) => [r.name, r.orgNumber, r.street, r.postalCode, r.municipality, r.website, r.contactName, r.contactEmail])];
  return `\uFEFF${lines.map((l) => l.map(cell).join(delimiter)).join('\r\n')}\r\n`;
}
