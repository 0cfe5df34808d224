import type { MinidumpSummary } from '../../../contract/minidump';
import type { ReportPreview } from '../../../contract/report-flow';
import { formatBytes } from '../../format';
import { indentJson } from '../../indent-json';
import { strings } from '../../strings';
import { PagedText } from './paged-text';
import { printable } from './printable';

/** What the viewer needs of a report: the user's preview and the review console's report page both have it. */
export type ShownReport = Pick<ReportPreview, 'sha256' | 'sizeBytes' | 'bytes' | 'report' | 'attachments' | 'minidump'>;

/**
 * "Exactly what will be sent": the size and SHA-256 of report.json and of every attachment, always
 * in view; the bytes themselves open on request; the crash dump in plain words; what was removed.
 * The review console shows a received report with the same component, under its own heading.
 */
export function ExactBytes({
  preview,
  stale,
  heading = strings.exactlyHeading,
  dumpFindingsShownAbove = false,
  withDumpSummary = true,
}: {
  preview: ShownReport | null;
  stale: boolean;
  heading?: string;
  /** The crash dialog lists the dump's personal data beside the dump's switch, so it is not said twice. */
  dumpFindingsShownAbove?: boolean;
  /** The review console shows the dump's summary outside the folded bytes. */
  withDumpSummary?: boolean;
}) {
  return (
    <section aria-label={heading} aria-busy={stale} className="exact">
      <h2>{heading}</h2>
      {preview === null ? (
        <p role="status">{strings.building}</p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="plain-table" aria-label={strings.filesLabel}>
              <thead>
                <tr>
                  <th scope="col">{strings.fileColumns.file}</th>
                  <th scope="col">{strings.fileColumns.size}</th>
                  <th scope="col">{strings.fileColumns.digest}</th>
                </tr>
              </thead>
              <tbody>
                <tr data-testid="size-and-digest">
                  <th scope="row">report.json</th>
                  <td>{formatBytes(preview.sizeBytes)}</td>
                  <td>
                    <code data-testid="digest">{preview.sha256}</code>
                  </td>
                </tr>
                {preview.attachments.map((attachment) => (
                  <tr key={attachment.name} data-testid="attachment-digest">
                    <th scope="row">
                      {attachment.name}{' '}
                      <span className="hint">
                        ({attachment.kind}
                        {attachment.variant === undefined ? '' : `, ${strings.dumpVariants[attachment.variant]}`})
                      </span>
                    </th>
                    <td>{formatBytes(attachment.sizeBytes)}</td>
                    <td>
                      <code>{attachment.sha256}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint">{strings.digestBinds}</p>
          <details className="raw">
            <summary>{strings.showRawBytes}</summary>
            <h3>{strings.rawBytes}</h3>
            <PagedText text={preview.bytes} label={strings.rawBytes} testId="raw-bytes" />
            <h3>{strings.readableView}</h3>
            <PagedText text={indentJson(preview.bytes)} label={strings.readableView} />
            {preview.attachments.map((attachment) => (
              <div key={attachment.name}>
                <h3>{attachment.name}</h3>
                {attachment.text !== undefined && <PagedText text={attachment.text} label={`${attachment.name} text`} />}
                {attachment.hexPreview !== undefined && (
                  <pre className="bytes" aria-label={strings.hexView}>
                    {attachment.hexPreview.replace(/(.{64})/g, '$1\n')}
                  </pre>
                )}
              </div>
            ))}
          </details>
          {preview.minidump !== undefined && withDumpSummary && (
            <DumpSummary summary={preview.minidump} findingsShownAbove={dumpFindingsShownAbove} />
          )}
          <h3>{strings.removedHeading}</h3>
          {preview.report.redactions.length === 0 ? (
            <p>{strings.removedNothing}</p>
          ) : (
            <ul data-testid="removed">
              {preview.report.redactions.map((entry) => (
                <li key={entry.kind}>
                  {entry.count} × {entry.kind}
                </li>
              ))}
            </ul>
          )}
          {preview.attachments.some((attachment) => attachment.kind === 'minidump') && (
            <p className="hint" data-testid="removed-covers-text">
              {strings.removedCoversText}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** The crash dump in plain words: what crashed, what it carries, and the personal data found in it. */
export function DumpSummary({ summary, findingsShownAbove = false }: { summary: MinidumpSummary; findingsShownAbove?: boolean }) {
  return (
    <section aria-label={strings.dumpSummaryHeading}>
      <h3>{strings.dumpSummaryHeading}</h3>
      <p data-testid="dump-headline">{summary.headline}.</p>
      <p>
        {strings.modulesLoaded(summary.modules.count)} {strings.rawMemory(formatBytes(summary.memory.bytes), summary.memory.regionCount)}
      </p>
      {summary.personalData.length === 0 ? (
        <p>{strings.noPersonalDataInDump}</p>
      ) : findingsShownAbove ? (
        <p>{strings.personalDataSaidAbove}</p>
      ) : (
        <>
          <h4>{strings.personalDataInDump}</h4>
          <ul>
            {summary.personalData.map((finding) => (
              <li key={`${finding.kind}-${finding.where}`}>
                {strings.personalDataFinding(
                  strings.personalDataKinds[finding.kind],
                  strings.personalDataPlaces[finding.where],
                  finding.count,
                )}{' '}
                {finding.values.slice(0, 3).map((value) => (
                  <code key={value}>{printable(value)}</code>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
