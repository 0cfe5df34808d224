import { useId } from 'react';
import type { CrashEvent } from '../../../contract/crash-event';
import type { ReportChoices, ReportPreview } from '../../../contract/report-flow';
import type { ReportSection } from '../../../contract/report';
import { PersonalDataFindings } from './exact-bytes';
import { useI18n } from '../../i18n/i18n';

/** The parts of a report as a person reads them, each with the switch that leaves it out (null: always sent). */
const PARTS = [
  { part: 'crash', section: null },
  { part: 'computer', section: 'hardware' },
  { part: 'browsers', section: 'browsers' },
  { part: 'dotnet', section: 'dotnet' },
  { part: 'logs', section: 'logs' },
  { part: 'minidump', section: 'minidump' },
  { part: 'email', section: 'email' },
] as const satisfies readonly { part: string; section: ReportSection | null }[];
export type ReadablePart = (typeof PARTS)[number]['part'];

/** The part a section's switch leaves out, so every page names a section as the dialog does. */
export const PART_OF_SECTION: Record<ReportSection, ReadablePart> = {
  hardware: 'computer',
  browsers: 'browsers',
  dotnet: 'dotnet',
  logs: 'logs',
  minidump: 'minidump',
  email: 'email',
};

const encoder = new TextEncoder();
const jsonBytes = (value: unknown): number => (value === undefined ? 0 : encoder.encode(JSON.stringify(value)).length);

/** How many bytes of the report (or which attachment) a part is; null when it is not in these bytes. */
function partBytes(part: ReadablePart, preview: ReportPreview): number | null {
  const { report } = preview;
  const { os, hardware, browsers, dotnet, app } = report.system.probes;
  const attachment = (kind: 'log' | 'minidump'): number | null =>
    preview.attachments.find((candidate) => candidate.kind === kind)?.sizeBytes ?? null;
  switch (part) {
    case 'crash':
      return report.crash === undefined ? null : jsonBytes(report.crash);
    case 'computer':
      return jsonBytes(os) + jsonBytes(hardware) + jsonBytes(app);
    case 'browsers':
      return browsers === undefined ? null : jsonBytes(browsers);
    case 'dotnet':
      return dotnet === undefined ? null : jsonBytes(dotnet);
    case 'logs':
      return attachment('log');
    case 'minidump':
      return attachment('minidump');
    case 'email':
      return report.user.email === undefined ? null : jsonBytes(report.user.email);
  }
}

/** Whether the crash has this part at all (a crash without a log has no log to leave out). */
function partExists(part: ReadablePart, crash: CrashEvent | null, preview: ReportPreview): boolean {
  if (part === 'crash') return preview.report.crash !== undefined;
  if (part === 'logs') return crash?.log !== undefined;
  if (part === 'minidump') return crash?.minidump !== undefined;
  return true;
}

/**
 * The report section by section, as the default view: what each part is, its switch beside it,
 * and how many bytes of the report it is. For a full crash dump that holds personal data in its
 * memory or module paths, the dump's part says so and offers to send its stacks only.
 */
export function ReadableReport({
  crash,
  preview,
  choices,
  onToggle,
  onDumpVariant,
}: {
  crash: CrashEvent | null;
  preview: ReportPreview | null;
  choices: ReportChoices;
  onToggle: (section: ReportSection, included: boolean) => void;
  onDumpVariant: (variant: ReportChoices['minidump']) => void;
}) {
  const { t, bytes } = useI18n();
  const dumpVariantId = useId();
  if (preview === null) return <p role="status">{t('building')}</p>;
  const findings = choices.minidump === 'full' ? (preview.minidump?.personalData ?? []) : [];
  return (
    <section aria-labelledby="readable-heading" className="readable">
      <h3 id="readable-heading">{t('readableHeading')}</h3>
      <ul className="parts">
        {PARTS.filter(({ part }) => partExists(part, crash, preview)).map(({ part, section }) => {
          const included = section === null || !choices.exclude.includes(section);
          const size = partBytes(part, preview);
          return (
            <li key={part} data-testid={`part-${part}`}>
              <div className="part-row">
                {section === null ? (
                  <span className="part-name">{t(`partNames.${part}`)}</span>
                ) : (
                  <label className="switch part-name">
                    <input type="checkbox" role="switch" checked={included} onChange={(event) => onToggle(section, event.target.checked)} />
                    {t(`partNames.${part}`)}
                  </label>
                )}
                <span className="part-size">{!included ? t('partLeftOut') : size === null ? t('partEmpty') : bytes(size)}</span>
              </div>
              <p className="hint">{t(`partExplained.${part}`)}</p>
              {part === 'minidump' && included && (
                <div className="field">
                  <label htmlFor={dumpVariantId}>{t('dumpVariantLabel')}</label>
                  <select
                    id={dumpVariantId}
                    value={choices.minidump}
                    onChange={(event) => onDumpVariant(event.target.value === 'stack-only' ? 'stack-only' : 'full')}
                  >
                    <option value="full">{t('dumpFull')}</option>
                    <option value="stack-only">{t('dumpStackOnly')}</option>
                  </select>
                  {findings.length > 0 && (
                    <div className="warning" role="note" data-testid="dump-personal-data">
                      <p>{t('dumpHoldsPersonalData')}</p>
                      <PersonalDataFindings findings={findings} />
                      <button type="button" onClick={() => onDumpVariant('stack-only')}>
                        {t('sendStackOnly')}
                      </button>
                    </div>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
