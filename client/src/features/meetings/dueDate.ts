/**
 * An action item's due date (`YYYY-MM-DD`, a calendar day with no time zone) in the reader's language.
 * Formatted in UTC so the day never shifts with the browser's zone.
 */
export function formatDueDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}
