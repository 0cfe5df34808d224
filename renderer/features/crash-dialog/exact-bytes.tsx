import type { MinidumpSummary, PersonalDataFinding } from '../../../contract/minidump';
import type { ReportPreview } from '../../../contract/report-flow';
import { indentJson } from '../../indent-json';
import { PagedText } from './paged-text';

/** The report's own file, as every bundle and archive names it. */
const REPORT_FILE_NAME = 'report.json';
import { printable } from './printable';
import { useI18n, type Translate } from '../../i18n/i18n';

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
  heading,
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
  const { t, bytes } = useI18n();
  return (
    <section aria-label={heading ?? t('exactlyHeading')} aria-busy={stale} className="exact">
      <h2>{heading ?? t('exactlyHeading')}</h2>
      {preview === null ? (
        <p role="status">{t('building')}</p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="plain-table" aria-label={t('filesLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('fileColumns.file')}</th>
                  <th scope="col">{t('fileColumns.size')}</th>
                  <th scope="col">{t('fileColumns.digest')}</th>
                </tr>
              </thead>
              <tbody>
                <tr data-testid="size-and-digest">
                  <th scope="row">{REPORT_FILE_NAME}</th>
                  <td>{bytes(preview.sizeBytes)}</td>
                  <td>
                    <code data-testid="digest">{preview.sha256}</code>
                  </td>
                </tr>
                {preview.attachments.map((attachment) => (
                  <tr key={attachment.name} data-testid="attachment-digest">
                    <th scope="row">
                      {attachment.name}
                      <span className="hint">
                        {t('attachmentKind', {
                          kind: attachment.kind,
                          variant: attachment.variant === undefined ? 'none' : t(`dumpVariants.${attachment.variant}`),
                        })}
                      </span>
                    </th>
                    <td>{bytes(attachment.sizeBytes)}</td>
                    <td>
                      <code>{attachment.sha256}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint">{t('digestBinds')}</p>
          <details className="raw">
            <summary>{t('showRawBytes')}</summary>
            <h3>{t('rawBytes')}</h3>
            <PagedText text={preview.bytes} label={t('rawBytes')} testId="raw-bytes" />
            <h3>{t('readableView')}</h3>
            <PagedText text={indentJson(preview.bytes)} label={t('readableView')} />
            {preview.attachments.map((attachment) => (
              <div key={attachment.name}>
                <h3>{attachment.name}</h3>
                {attachment.text !== undefined && (
                  <PagedText text={attachment.text} label={t('attachmentText', { name: attachment.name })} />
                )}
                {attachment.hexPreview !== undefined && (
                  <pre className="bytes" aria-label={t('hexView')}>
                    {attachment.hexPreview.replace(/(.{64})/g, '$1\n')}
                  </pre>
                )}
              </div>
            ))}
          </details>
          {preview.minidump !== undefined && withDumpSummary && (
            <DumpSummary summary={preview.minidump} findingsShownAbove={dumpFindingsShownAbove} />
          )}
          <h3>{t('removedHeading')}</h3>
          {preview.report.redactions.length === 0 ? (
            <p>{t('removedNothing')}</p>
          ) : (
            <ul data-testid="removed">
              {preview.report.redactions.map((entry) => (
                <li key={entry.kind}>{t('redactionCount', { count: entry.count, kind: entry.kind })}</li>
              ))}
            </ul>
          )}
          {preview.attachments.some((attachment) => attachment.kind === 'minidump') && (
            <p className="hint" data-testid="removed-covers-text">
              {t('removedCoversText')}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** What crashed, with what, on which system: worded here from the summary's facts, in the user's language. */
function dumpHeadline(summary: MinidumpSummary, t: Translate): string {
  const path = summary.modules.first;
  const program = path === undefined ? t('dumpHeadline.someProgram') : printable(path.split(/[\\/]/).pop() ?? path);
  const os = summary.os === undefined ? 'none' : `${summary.os.platform} ${summary.os.version}`;
  return summary.exception === undefined
    ? t('dumpHeadline.stopped', { program, os })
    : t('dumpHeadline.crashed', { program, os, exception: summary.exception.name ?? summary.exception.code });
}

/** The crash dump in plain words: what crashed, what it carries, and the personal data found in it. */
export function DumpSummary({ summary, findingsShownAbove = false }: { summary: MinidumpSummary; findingsShownAbove?: boolean }) {
  const { t, bytes } = useI18n();
  return (
    <section aria-label={t('dumpSummaryHeading')}>
      <h3>{t('dumpSummaryHeading')}</h3>
      <p data-testid="dump-headline">{dumpHeadline(summary, t)}</p>
      <p>
        {t('twoSentences', {
          first: t('modulesLoaded', { count: summary.modules.count }),
          second: t('rawMemory', { bytes: bytes(summary.memory.bytes), regions: summary.memory.regionCount }),
        })}
      </p>
      {summary.personalData.length === 0 ? (
        <p>{t('noPersonalDataInDump')}</p>
      ) : findingsShownAbove ? (
        <p>{t('personalDataSaidAbove')}</p>
      ) : (
        <>
          <h4>{t('personalDataInDump')}</h4>
          <PersonalDataFindings findings={summary.personalData} />
        </>
      )}
    </section>
  );
}

/** What personal data a dump holds, where, how often, and the first values found, shown readably. */
export function PersonalDataFindings({ findings }: { findings: readonly PersonalDataFinding[] }) {
  const { t } = useI18n();
  return (
    <ul>
      {findings.map((finding) => (
        <li key={`${finding.kind}-${finding.where}`}>
          {t('personalDataFinding', {
            kind: t(`personalDataKinds.${finding.kind}`),
            where: t(`personalDataPlaces.${finding.where}`),
            count: finding.count,
          })}
          <span className="codes">
            {finding.values.slice(0, 3).map((value) => (
              <code key={value}>{printable(value)}</code>
            ))}
          </span>
        </li>
      ))}
    </ul>
  );
}
