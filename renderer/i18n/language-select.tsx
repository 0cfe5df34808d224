import { useId } from 'react';
import { useI18n, useLocaleChoice } from './i18n';
import { appLocales, isAppLocale } from './locales';

/** The language override: "as the system", or one Candor speaks, each named in its own language. */
export function LanguageSelect({ className }: { className?: string }) {
  const { t } = useI18n();
  const language = useLocaleChoice();
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id}>{t('languageLabel')}</label>
      <select
        id={id}
        value={language.override ?? 'system'}
        onChange={(event) => {
          const chosen = event.target.value;
          language.choose(isAppLocale(chosen) ? chosen : null);
        }}
      >
        <option value="system">{t('languageSystem')}</option>
        {appLocales.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {t(`languageNames.${locale}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
