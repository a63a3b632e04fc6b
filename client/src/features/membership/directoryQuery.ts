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

/** "?q=…&group=…" with only the filters in use (trimmed), or "" when none is: the same for page, JSON and CSV. */
export function filterSearch(filters: DirectoryFilters): string {
  const params = new URLSearchParams();
  for (const key of keys) {
    const value = filters[key].trim();
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

export const hasFilters = (filters: DirectoryFilters): boolean => filterSearch(filters) !== '';
