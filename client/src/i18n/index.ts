import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import sv from './sv.json';

export const languages = ['sv', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'sv';

/** BCP 47 tags for Intl: Swedish as written in Sweden, English with day-month-year dates. */
export const locales: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

const storageKey = 'samla.language';

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (languages as readonly string[]).includes(value);

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(storageKey);
    return isLanguage(value) ? value : defaultLanguage;
  } catch {
    return defaultLanguage;
  }
}

function remember(language: Language): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

/** The language currently shown, narrowed to the ones we ship. */
export const currentLanguage = (i18n: I18n): Language =>
  isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : defaultLanguage;

export const currentLocale = (i18n: I18n): string => locales[currentLanguage(i18n)];

/**
 * Creates the app's i18next instance: Swedish unless the person chose English earlier.
 * Both languages are bundled (a few kB), so switching is instant and works offline.
 */
export function createI18n(): I18n {
  const instance = i18next.createInstance();
  const apply = (lng: string) => {
    const language = isLanguage(lng) ? lng : defaultLanguage;
    document.documentElement.lang = language;
    remember(language);
  };
  instance.on('languageChanged', apply);
  void instance.use(initReactI18next).init({
    resources: { sv: { translation: sv }, en: { translation: en } },
    lng: storedLanguage(),
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  document.documentElement.lang = currentLanguage(instance);
  return instance;
}
