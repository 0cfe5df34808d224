import { ATTACHMENT_MANIFEST, PRIVACY_MANIFEST, PRIVACY_MANIFEST_VERSION, type ManifestEntry } from '../../contract/privacy-manifest';

function ManifestTable({ entries, label }: { entries: readonly ManifestEntry[]; label: string }) {
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Category</th>
            <th scope="col">Personal data</th>
            <th scope="col">Left out by</th>
            <th scope="col">What it is for</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.path} data-testid="manifest-row">
              <td className="signature">{entry.path}</td>
              <td>{entry.category}</td>
              <td>{entry.personalData ? 'can be' : 'no'}</td>
              <td>{entry.excludedBy ?? 'always sent'}</td>
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
  return (
    <article aria-label="What Candor sends">
      <p>
        <a href="#/">← All reports</a>
      </p>
      <h2>What Candor sends</h2>
      <p>
        Every field a report can carry, from privacy manifest version {PRIVACY_MANIFEST_VERSION}: what it is for, whether it can hold
        personal data, and the choice in the crash dialog that leaves it out. Reports keep the version they were built under.
      </p>
      <ManifestTable entries={PRIVACY_MANIFEST} label="Report fields" />
      <h3>Attachments</h3>
      <ManifestTable entries={ATTACHMENT_MANIFEST} label="Attachments" />
    </article>
  );
}
