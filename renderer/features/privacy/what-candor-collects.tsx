import { ATTACHMENT_MANIFEST, PRIVACY_MANIFEST, type ManifestEntry } from '../../../contract/privacy-manifest';
import { strings } from '../../strings';

function Rows({ entries, label }: { entries: readonly ManifestEntry[]; label: string }) {
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{strings.manifestField}</th>
            <th scope="col">{strings.manifestPurpose}</th>
            <th scope="col">{strings.manifestPersonal}</th>
            <th scope="col">{strings.manifestLeftOutBy}</th>
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
export function WhatCandorCollects() {
  return (
    <details className="what-candor-collects">
      <summary>{strings.manifestHeading}</summary>
      <p className="hint">{strings.manifestIntro}</p>
      <Rows entries={PRIVACY_MANIFEST} label={strings.manifestFieldsLabel} />
      <Rows entries={ATTACHMENT_MANIFEST} label={strings.manifestAttachmentsLabel} />
    </details>
  );
}
