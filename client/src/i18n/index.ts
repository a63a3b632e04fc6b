import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import sv from './sv.json';

export const languages = ['sv', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage = 'sv' satisfies Language;

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
 * Swedish is bundled: it is the default and the fallback. Other languages are chunks of their own (English
 * is ~18 kB gzipped), loaded before the first render when chosen earlier, and otherwise when the language
 * switch is pointed at or focused, or some seconds after the page loaded, so that a switch is instant and
 * works offline too.
 */
const others: Record<Exclude<Language, typeof defaultLanguage>, () => Promise<{ default: typeof sv }>> = {
  en: () => import('./en.json'),
};

async function ensureLoaded(instance: I18n, language: Language): Promise<void> {
  if (language === defaultLanguage || instance.hasResourceBundle(language, 'translation')) return;
  instance.addResourceBundle(language, 'translation', (await others[language]()).default);
}

const PRELOAD_AFTER_MS = 5_000;

/** Loads every language not here yet, so that a later switch is instant and works offline. */
export function preloadLanguages(instance: I18n): void {
  for (const language of languages) void ensureLoaded(instance, language).catch(() => undefined);
}

/** Switches the language, loading it first if it is not here yet. */
export async function setLanguage(instance: I18n, language: Language): Promise<void> {
  await ensureLoaded(instance, language);
  await instance.changeLanguage(language);
}

/** Creates the app's i18next instance: Swedish unless the person chose another language earlier. */
export async function createI18n(): Promise<I18n> {
  const instance = i18next.createInstance();
  const apply = (lng: string) => {
    const language = isLanguage(lng) ? lng : defaultLanguage;
    document.documentElement.lang = language;
    remember(language);
  };
  instance.on('languageChanged', apply);
  const chosen = storedLanguage();
  void instance.use(initReactI18next).init({
    resources: { sv: { translation: sv } },
    partialBundledLanguages: true,
    lng: defaultLanguage,
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  // A language that cannot be loaded (offline on a first visit) leaves the page in Swedish.
  await setLanguage(instance, chosen).catch(() => undefined);
  document.documentElement.lang = currentLanguage(instance);
  // Some seconds after the first screen (which must not wait for it), in idle time.
  const later = () => setTimeout(() => ('requestIdleCallback' in window ? window.requestIdleCallback(() => preloadLanguages(instance)) : preloadLanguages(instance)), PRELOAD_AFTER_MS);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
  return instance;
}
