import { useI18n } from '../../renderer/i18n/i18n';
import type { ReviewApi } from './review-api';
import { StackSection } from './stack-section';

/** One minidump from crashReporter or Crashpad: its walked stack. */
export function MinidumpPage({ api, id, onFailure }: { api: ReviewApi; id: string; onFailure: (error: unknown) => string }) {
  const { t } = useI18n();
  return (
    <article aria-label={t('console.minidump')}>
      <p>
        <a href="#/">{t('console.backToReports')}</a>
      </p>
      <h2>{t('console.minidumpHeading', { id })}</h2>
      <StackSection api={api} kind="minidumps" id={id} onFailure={onFailure} />
    </article>
  );
}
