import { ATTACHMENT_MANIFEST, PRIVACY_MANIFEST, PRIVACY_MANIFEST_VERSION } from '../../contract/privacy-manifest';
import { ManifestTable } from '../../renderer/features/privacy/what-candor-collects';
import { useI18n } from '../../renderer/i18n/i18n';

/** What a report can carry, from the privacy manifest the clients are built with: what reviewers may expect to find. */
export function ManifestPage() {
  const { t } = useI18n();
  return (
    <article aria-label={t('console.navManifest')}>
      <p>
        <a href="#/">{t('console.backToReports')}</a>
      </p>
      <h2>{t('console.navManifest')}</h2>
      <p>{t('console.manifestIntro', { version: PRIVACY_MANIFEST_VERSION })}</p>
      <ManifestTable entries={PRIVACY_MANIFEST} label={t('console.reportFields')} policy={null} withCategory />
      <h3>{t('manifestAttachmentsLabel')}</h3>
      <ManifestTable entries={ATTACHMENT_MANIFEST} label={t('manifestAttachmentsLabel')} policy={null} withCategory />
    </article>
  );
}
