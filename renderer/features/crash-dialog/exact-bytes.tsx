import type { ReportPreview } from '../../../contract/report-flow';
import { formatBytes } from '../../format';
import { indentJson } from '../../indent-json';
import { strings } from '../../strings';
import { PagedText } from './paged-text';

/** What the viewer needs of a report: the user's preview and the review console's report page both have it. */
export type ShownReport = Pick<ReportPreview, 'sha256' | 'sizeBytes' | 'bytes' | 'report' | 'attachments' | 'minidump'>;

/**
 * "Exactly what will be sent": the bytes, their size and digest, every attachment, and what was
 * removed. The review console shows a received report with the same component, under its own heading.
 */
export function ExactBytes({
  preview,
  stale,
  heading = strings.exactlyHeading,
}: {
  preview: ShownReport | null;
  stale: boolean;
  heading?: string;
}) {
  return (
    <section aria-label={heading} aria-busy={stale} className="exact">
      <h2>{heading}</h2>
      {preview === null ? (
        <p role="status">{strings.building}</p>
      ) : (
        <>
          <p data-testid="size-and-digest">
            report.json: {strings.sizeAndDigest(formatBytes(preview.sizeBytes), '')}
            <code data-testid="digest">{preview.sha256}</code>
          </p>
          <details>
            <summary>{strings.readableView}</summary>
            <PagedText text={indentJson(preview.bytes)} label={strings.readableView} />
          </details>
          <h3>{strings.rawBytes}</h3>
          <PagedText text={preview.bytes} label={strings.rawBytes} testId="raw-bytes" />
          <h3>{strings.attachmentsHeading}</h3>
          {preview.attachments.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul className="attachments">
              {preview.attachments.map((attachment) => (
                <li key={attachment.name}>
                  <strong>{attachment.name}</strong> ({attachment.kind}
                  {attachment.variant === undefined ? '' : `, ${attachment.variant}`}), {formatBytes(attachment.sizeBytes)}, SHA-256{' '}
                  <code>{attachment.sha256}</code>
                  {attachment.text !== undefined && <PagedText text={attachment.text} label={`${attachment.name} text`} />}
                  {attachment.hexPreview !== undefined && (
                    <details>
                      <summary>{strings.hexView}</summary>
                      <pre className="bytes">{attachment.hexPreview.replace(/(.{64})/g, '$1\n')}</pre>
                    </details>
                  )}
                </li>
              ))}
            </ul>
          )}
          {preview.minidump !== undefined && (
            <>
              <h3>{strings.dumpSummaryHeading}</h3>
              <p data-testid="dump-headline">{preview.minidump.headline}.</p>
              <p>
                {strings.modulesLoaded(preview.minidump.modules.count)}{' '}
                {strings.rawMemory(formatBytes(preview.minidump.memory.bytes), preview.minidump.memory.regionCount)}
              </p>
              {preview.minidump.personalData.length === 0 ? (
                <p>{strings.noPersonalDataInDump}</p>
              ) : (
                <>
                  <h4>{strings.personalDataInDump}</h4>
                  <ul>
                    {preview.minidump.personalData.map((finding) => (
                      <li key={`${finding.kind}-${finding.where}`}>
                        {finding.kind} in {finding.where}: {finding.count}× ({finding.values.slice(0, 3).join(', ')})
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
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
        </>
      )}
    </section>
  );
}
