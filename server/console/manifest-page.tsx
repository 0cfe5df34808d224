import { ATTACHMENT_MANIFEST, PRIVACY_MANIFEST, PRIVACY_MANIFEST_VERSION, type ManifestEntry } from '../../contract/privacy-manifest';
import { useI18n } from '../../renderer/i18n/i18n';

function ManifestTable({ entries, label }: { entries: readonly ManifestEntry[]; label: string }) {
  const { t } = useI18n();
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t('manifestField')}</th>
            <th scope="col">{t('console.manifestCategory')}</th>
            <th scope="col">{t('manifestPersonal')}</th>
            <th scope="col">{t('manifestLeftOutBy')}</th>
            <th scope="col">{t('manifestPurpose')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.path} data-testid="manifest-row">
              <td className="signature">{entry.path}</td>
              <td>{entry.category}</td>
              <td>{entry.personalData ? t('manifestPersonalYes') : t('manifestPersonalNo')}</td>
              <td>{entry.excludedBy ?? t('manifestAlwaysSent')}</td>
              <td>{entry.purpose}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

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
      <ManifestTable entries={PRIVACY_MANIFEST} label={t('console.reportFields')} />
      <h3>{t('manifestAttachmentsLabel')}</h3>
      <ManifestTable entries={ATTACHMENT_MANIFEST} label={t('manifestAttachmentsLabel')} />
    </article>
  );
}
