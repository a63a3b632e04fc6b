/**
 * Stockholm County (Stockholms län): its 26 municipalities, their names as they should be shown,
 * and the postcode ranges of each. The one data file every screen and check reads.
 *
 * SOURCE AND RELIABILITY. Written from general knowledge of the Swedish postcode system (PostNord's
 * five-digit numbers, whose first three digits name a postal area) and of which places lie in which
 * municipality; it was NOT generated from PostNord's postcode register, which is licensed and was not
 * available while writing it. Ranges are given per three-digit prefix:
 * - Reliable: the broad split (100–199 is the county except Norrtälje's 760–764; Stockholm 100–129 and
 *   161–168; Solna 169–171; Sundbyberg 172–174; Järfälla 175–177; Lidingö 181; and so on).
 * - Less reliable: areas that straddle a municipal border. Where a prefix is known or suspected to be
 *   shared, it is listed for every municipality that uses it (for example 127 for Stockholm and
 *   Huddinge, 186 for Vallentuna and Österåker, 190 for Sigtuna and Upplands-Bro), so a real address
 *   is not refused; the check is then looser there.
 * - Unknown: individual five-digit numbers that PostNord has placed across a border. A coordinator who
 *   finds a real address refused should add its prefix here (with the municipality) and say so in the
 *   commit; the check is only as good as this table.
 * CHECKED (December 2026) against the one postcode list a package registry ships: the PyPI package
 * countrystatecity-postal-codes 2.0.1 (ODbL; 16,392 Swedish postcodes, each with its postal town and,
 * for about half, its county). It is not PostNord's register and names no municipality, so it checks
 * the county and, through the postal towns, which municipality a prefix serves:
 * - The county agrees: every postcode it puts in Stockholm County (AB) has a prefix listed here (but
 *   two stray ones at 841, Ånge), and no prefix here has a postcode of another county (but one at 764).
 * - Every prefix's postal towns lie in the municipality listed for it, with three prefixes whose towns
 *   lie in a second municipality, added here: 137 Norra Sorunda (137 94, Nynäshamn), 148 Muskö (148 80,
 *   148 95, Haninge), 173 Tomteboda (Solna; PostNord's terminal, with box addresses).
 * - Five prefixes listed here for a municipality have postal towns of another only: 127 for Huddinge
 *   (Skärholmen, Stockholm), 143 for Botkyrka (Vårby, Huddinge), 144 for Botkyrka (Rönninge, Salem), 186
 *   for Österåker (Vallentuna and Brottby, Vallentuna), 190 for Upplands-Bro (Rosersberg and
 *   Stockholm-Arlanda, Sigtuna). They stay: a postal town does not follow the municipal border, and
 *   keeping them only loosens the check.
 * Municipality codes are SCB's kommunkoder; official names are the "X kommun" form (several call
 * themselves "stad", e.g. Solna stad, Stockholms stad, but the legal name is "kommun").
 */
export interface CountyMunicipality {
  /** The short name stored on records and applications, e.g. "Solna". */
  name: string;
  /** How it is shown everywhere: "Solna kommun", "Stockholms kommun". */
  officialName: string;
  /** SCB's four-digit municipality code. */
  code: string;
  /** Inclusive ranges of three-digit postcode prefixes. */
  postcodes: readonly (readonly [number, number])[];
}

export const STOCKHOLM_COUNTY: readonly CountyMunicipality[] = [
  { name: 'Botkyrka', officialName: 'Botkyrka kommun', code: '0127', postcodes: [[143, 147]] },
  { name: 'Danderyd', officialName: 'Danderyds kommun', code: '0162', postcodes: [[182, 182]] },
  { name: 'Ekerö', officialName: 'Ekerö kommun', code: '0125', postcodes: [[178, 179]] },
  { name: 'Haninge', officialName: 'Haninge kommun', code: '0136', postcodes: [[136, 137], [148, 148]] },
  { name: 'Huddinge', officialName: 'Huddinge kommun', code: '0126', postcodes: [[127, 127], [141, 143]] },
  { name: 'Järfälla', officialName: 'Järfälla kommun', code: '0123', postcodes: [[175, 177]] },
  { name: 'Lidingö', officialName: 'Lidingö kommun', code: '0186', postcodes: [[181, 181]] },
  { name: 'Nacka', officialName: 'Nacka kommun', code: '0182', postcodes: [[131, 133], [138, 138]] },
  { name: 'Norrtälje', officialName: 'Norrtälje kommun', code: '0188', postcodes: [[760, 764]] },
  { name: 'Nykvarn', officialName: 'Nykvarns kommun', code: '0140', postcodes: [[155, 155]] },
  { name: 'Nynäshamn', officialName: 'Nynäshamns kommun', code: '0192', postcodes: [[137, 137], [148, 149]] },
  { name: 'Salem', officialName: 'Salems kommun', code: '0128', postcodes: [[144, 144]] },
  { name: 'Sigtuna', officialName: 'Sigtuna kommun', code: '0191', postcodes: [[190, 190], [193, 193], [195, 195]] },
  { name: 'Sollentuna', officialName: 'Sollentuna kommun', code: '0163', postcodes: [[191, 192]] },
  { name: 'Solna', officialName: 'Solna kommun', code: '0184', postcodes: [[169, 171], [173, 173]] },
  { name: 'Stockholm', officialName: 'Stockholms kommun', code: '0180', postcodes: [[100, 129], [161, 168]] },
  { name: 'Sundbyberg', officialName: 'Sundbybergs kommun', code: '0183', postcodes: [[172, 174]] },
  { name: 'Södertälje', officialName: 'Södertälje kommun', code: '0181', postcodes: [[151, 153]] },
  { name: 'Tyresö', officialName: 'Tyresö kommun', code: '0138', postcodes: [[135, 135]] },
  { name: 'Täby', officialName: 'Täby kommun', code: '0160', postcodes: [[183, 183], [187, 187]] },
  { name: 'Upplands Väsby', officialName: 'Upplands Väsby kommun', code: '0114', postcodes: [[194, 194]] },
  { name: 'Upplands-Bro', officialName: 'Upplands-Bro kommun', code: '0139', postcodes: [[190, 190], [196, 197]] },
  { name: 'Vallentuna', officialName: 'Vallentuna kommun', code: '0115', postcodes: [[186, 186]] },
  { name: 'Vaxholm', officialName: 'Vaxholms kommun', code: '0187', postcodes: [[185, 185]] },
  { name: 'Värmdö', officialName: 'Värmdö kommun', code: '0120', postcodes: [[134, 134], [139, 139]] },
  { name: 'Österåker', officialName: 'Österåkers kommun', code: '0117', postcodes: [[184, 184], [186, 186]] },
];
