import { ATTACHMENT_MANIFEST, PRIVACY_MANIFEST, type ManifestEntry } from '../../../contract/privacy-manifest';
import type { PrivacyPolicy } from '../../../contract/privacy-policy';
import { strings } from '../../strings';
import { sectionLabel } from './privacy-policy';

function Rows({ entries, label, policy }: { entries: readonly ManifestEntry[]; label: string; policy: PrivacyPolicy | null }) {
  // Each field names the policy section that covers it (every policy has one per clause).
  const clauseSection = (clause: string): string => {
    const section = policy?.sections.find((candidate) => candidate.id === clause);
    return section === undefined ? '' : sectionLabel(section);
  };
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{strings.manifestField}</th>
            <th scope="col">{strings.manifestPurpose}</th>
            <th scope="col">{strings.manifestPersonal}</th>
            <th scope="col">{strings.manifestLeftOutBy}</th>
            {policy !== null && <th scope="col">{strings.manifestPolicySection}</th>}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.path} data-testid="manifest-row">
              <td>
                <code>{entry.path}</code>
              </td>
              <td>{entry.purpose}</td>
              <td>{entry.personalData ? strings.manifestPersonalYes : strings.manifestPersonalNo}</td>
              <td>{entry.excludedBy === null ? strings.manifestAlwaysSent : strings.manifestLeftOut(entry.excludedBy)}</td>
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
  return (
    <details className="what-candor-collects">
      <summary>{strings.manifestHeading}</summary>
      <p className="hint">{strings.manifestIntro}</p>
      <Rows entries={PRIVACY_MANIFEST} label={strings.manifestFieldsLabel} policy={policy} />
      <Rows entries={ATTACHMENT_MANIFEST} label={strings.manifestAttachmentsLabel} policy={policy} />
    </details>
  );
}
