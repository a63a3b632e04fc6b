import { FORMER_MEMBER } from '@samla/shared';

/** The languages exports are written in; the network's language comes first. */
export type Language = 'sv' | 'en';

export const LANGUAGES: readonly Language[] = ['sv', 'en'];

/**
 * The language a request asks for, for everything it downloads (minutes, board CSV):
 * `?lang=`, else its Accept-Language, else Swedish.
 */
export function requestedLanguage(req: { query: Record<string, unknown>; acceptsLanguages(...langs: string[]): string | false }): Language {
  const asked = req.query.lang;
  if (asked === 'sv' || asked === 'en') return asked;
  const accepted = req.acceptsLanguages(...LANGUAGES);
  return accepted === 'en' ? 'en' : 'sv';
}

const formerMember: Record<Language, string> = { sv: 'tidigare medlem', en: 'former member' };

/** A person's name as stored; the stored marker of an account that is gone reads "former member" in the reader's language. */
export function personName(name: string, lang: Language): string {
  return name === FORMER_MEMBER ? formerMember[lang] : name;
}
