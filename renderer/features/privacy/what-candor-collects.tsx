import { ATTACHMENT_MANIFEST, PRIVACY_MANIFEST, type ManifestEntry } from '../../../contract/privacy-manifest';
import type { PrivacyPolicy } from '../../../contract/privacy-policy';
import { PART_OF_SECTION } from '../crash-dialog/readable-report';
import { sectionLabel } from './privacy-policy';
import { isMessageId, useI18n } from '../../i18n/i18n';

/**
 * The manifest's entries as a table: the app's "What Candor collects" and the review console's
 * "What Candor sends" both show it (the console adds each field's category).
 */
export function ManifestTable({
  entries,
  label,
  policy,
  withCategory = false,
}: {
  entries: readonly ManifestEntry[];
  label: string;
  policy: PrivacyPolicy | null;
  withCategory?: boolean;
}) {
  const { t } = useI18n();
  // The catalogue holds each field's purpose in every language, the English as the manifest says it.
  const purposeOf = (entry: ManifestEntry): string => {
    const id = `manifestPurpose.${entry.path}`;
    return isMessageId(id) ? t(id) : entry.purpose;
  };
  // Each field names the policy section that covers it (every policy has one per clause).
  const clauseSection = (clause: string): string => {
    const section = policy?.sections.find((candidate) => candidate.id === clause);
    return section === undefined ? '' : sectionLabel(section, t);
  };
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t('manifestField')}</th>
            {withCategory && <th scope="col">{t('console.manifestCategory')}</th>}
            <th scope="col">{t('manifestPurpose')}</th>
            <th scope="col">{t('manifestPersonal')}</th>
            <th scope="col">{t('manifestLeftOutBy')}</th>
            {policy !== null && <th scope="col">{t('manifestPolicySection')}</th>}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.path} data-testid="manifest-row">
              <td>
                <code>{entry.path}</code>
              </td>
              {withCategory && <td>{entry.category}</td>}
              <td>{purposeOf(entry)}</td>
              <td>{entry.personalData ? t('manifestPersonalYes') : t('manifestPersonalNo')}</td>
              <td>
                {entry.excludedBy === null
                  ? t('manifestAlwaysSent')
                  : t('manifestLeftOut', { section: t(`partNames.${PART_OF_SECTION[entry.excludedBy]}`) })}
              </td>
              {policy !== null && <td>{clauseSection(entry.policyClause)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * "What Candor collects": every field a report can carry and every attachment, from the privacy
 * manifest (the same data as `candor manifest` and docs/what-candor-sends.md), folded until opened.
 */
export function WhatCandorCollects({ policy }: { policy: PrivacyPolicy | null }) {
  const { t } = useI18n();
  return (
    <details className="what-candor-collects">
      <summary>{t('manifestHeading')}</summary>
      <p className="hint">{t('manifestIntro')}</p>
      <ManifestTable entries={PRIVACY_MANIFEST} label={t('manifestFieldsLabel')} policy={policy} />
      <ManifestTable entries={ATTACHMENT_MANIFEST} label={t('manifestAttachmentsLabel')} policy={policy} />
    </details>
  );
}
