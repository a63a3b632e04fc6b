/** The directory's filters, as they appear in the page's URL and in the API's query. */
export interface DirectoryFilters {
  q: string;
  municipality: string;
  group: string;
}

const keys = ['q', 'municipality', 'group'] as const;

/** Reads the filters from a page URL's query; missing ones are empty. */
export function readFilters(params: URLSearchParams): DirectoryFilters {
  return { q: params.get('q') ?? '', municipality: params.get('municipality') ?? '', group: params.get('group') ?? '' };
}

/** Only the filters in use, trimmed: the API's query (JSON and CSV). */
export function filterQuery(filters: DirectoryFilters): Partial<DirectoryFilters> {
  const used: Partial<DirectoryFilters> = {};
  for (const key of keys) {
    const value = filters[key].trim();
    if (value) used[key] = value;
  }
  return used;
}

/** "?q=…&group=…" with only the filters in use (trimmed), or "" when none is: the page's own URL. */
export function filterSearch(filters: DirectoryFilters): string {
  const search = new URLSearchParams(filterQuery(filters)).toString();
  return search ? `?${search}` : '';
}

export const hasFilters = (filters: DirectoryFilters): boolean => filterSearch(filters) !== '';
