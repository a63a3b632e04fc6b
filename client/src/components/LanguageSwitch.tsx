import { useTranslation } from 'react-i18next';
import { currentLanguage, languages, preloadLanguages, setLanguage } from '../i18n';

/** Svenska | English: two toggle buttons, each labelled in its own language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const active = currentLanguage(i18n);
  return (
    <div
      className="language-switch"
      role="group"
      aria-label={t('language.label')}
      onPointerEnter={() => preloadLanguages(i18n)}
      onFocus={() => preloadLanguages(i18n)}
    >
      {languages.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className="language-switch__option"
          aria-pressed={lng === active}
          onClick={() => void setLanguage(i18n, lng)}
        >
          {t(`language.${lng}`)}
        </button>
      ))}
    </div>
  );
}
