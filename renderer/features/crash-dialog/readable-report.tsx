import type { CrashEvent } from '../../../contract/crash-event';
import type { ReportChoices, ReportPreview } from '../../../contract/report-flow';
import type { ReportSection } from '../../../contract/report';
import { formatBytes } from '../../format';
import { strings } from '../../strings';
import { printable } from './printable';

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
  if (preview === null) return <p role="status">{strings.building}</p>;
  const findings = choices.minidump === 'full' ? (preview.minidump?.personalData ?? []) : [];
  return (
    <section aria-labelledby="readable-heading" className="readable">
      <h3 id="readable-heading">{strings.readableHeading}</h3>
      <ul className="parts">
        {PARTS.filter(({ part }) => partExists(part, crash, preview)).map(({ part, section }) => {
          const included = section === null || !choices.exclude.includes(section);
          const bytes = partBytes(part, preview);
          return (
            <li key={part} data-testid={`part-${part}`}>
              <div className="part-row">
                {section === null ? (
                  <span className="part-name">{strings.partNames[part]}</span>
                ) : (
                  <label className="switch part-name">
                    <input type="checkbox" role="switch" checked={included} onChange={(event) => onToggle(section, event.target.checked)} />
                    {strings.partNames[part]}
                  </label>
                )}
                <span className="part-size">
                  {!included ? strings.partLeftOut : bytes === null ? strings.partEmpty : formatBytes(bytes)}
                </span>
              </div>
              <p className="hint">{strings.partExplained[part]}</p>
              {part === 'minidump' && included && (
                <div className="field">
                  <label htmlFor="dump-variant">{strings.dumpVariantLabel}</label>{' '}
                  <select
                    id="dump-variant"
                    value={choices.minidump}
                    onChange={(event) => onDumpVariant(event.target.value === 'stack-only' ? 'stack-only' : 'full')}
                  >
                    <option value="full">{strings.dumpFull}</option>
                    <option value="stack-only">{strings.dumpStackOnly}</option>
                  </select>
                  {findings.length > 0 && (
                    <div className="warning" role="note" data-testid="dump-personal-data">
                      <p>{strings.dumpHoldsPersonalData}</p>
                      <ul>
                        {findings.map((finding) => (
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
                      <button type="button" onClick={() => onDumpVariant('stack-only')}>
                        {strings.sendStackOnly}
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
