import { municipalityName, stockholmCountyMunicipalities } from '@samla/shared';

/** The `<option>`s of Stockholm County's municipalities: stored short names as values, official names shown. */
export function MunicipalityOptions() {
  return (
    <>
      {stockholmCountyMunicipalities.map((m) => (
        <option key={m} value={m}>
          {municipalityName(m)}
        </option>
      ))}
    </>
  );
}
