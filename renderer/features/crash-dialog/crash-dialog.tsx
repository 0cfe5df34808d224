import { useEffect, useId, useRef, useState } from 'react';
import type { CrashEvent } from '../../../contract/crash-event';
import type { RememberChoice, ReportChoices, ReportPreview, SendResult } from '../../../contract/report-flow';
import { rememberChoices } from '../../../contract/report-flow';
import type { ReportSection } from '../../../contract/report';
import { candor } from '../../candor';
import { describeError } from '../../describe-error';
import { formatTime } from '../../format';
import { strings } from '../../strings';
import { describeCrash } from './describe-crash';
import { PrivacyPolicyFold, usePrivacyPolicy } from '../privacy/privacy-policy';
import { WhatCandorCollects } from '../privacy/what-candor-collects';
import { ExactBytes } from './exact-bytes';

/** Typing in the comment box rebuilds the report once the user pauses, not on every key. */
const REBUILD_DELAY_MS = 250;
const SECTIONS: readonly ReportSection[] = ['hardware', 'browsers', 'dotnet', 'logs', 'minidump', 'email'];

export function CrashDialog({ crash, onDone }: { crash: CrashEvent | null; onDone: () => void }) {
  const [choices, setChoices] = useState<ReportChoices>({
    crashId: crash?.id ?? null,
    comment: '',
    email: '',
    exclude: [],
    minidump: 'full',
  });
  const [preview, setPreview] = useState<ReportPreview | null>(null);
  const [stale, setStale] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [remember, setRemember] = useState<RememberChoice>('no');
  const [rememberFullDump, setRememberFullDump] = useState(false);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<SendResult | null>(null);
  const [copied, setCopied] = useState(false);
  const [typedEmail, setTypedEmail] = useState('');
  const request = useRef(0);
  const policy = usePrivacyPolicy();
  const ids = { comment: useId(), email: useId(), emailHint: useId(), remember: useId(), dump: useId(), destination: useId() };
  const remembersSending = remember === 'always-this-version' || remember === 'always-30-days';

  useEffect(() => {
    setStale(true);
    const mine = ++request.current;
    const timer = setTimeout(() => {
      candor()
        .previewReport(choices)
        .then(
          (built) => {
            if (mine !== request.current) return;
            setPreview(built);
            setStale(false);
            setError(null);
          },
          (failure: unknown) => {
            if (mine === request.current) setError(describeError(failure));
          },
        );
    }, REBUILD_DELAY_MS);
    return () => clearTimeout(timer);
  }, [choices]);

  const toggle = (section: ReportSection, included: boolean): void => {
    setChoices((current) => ({
      ...current,
      exclude: included ? current.exclude.filter((name) => name !== section) : [...current.exclude, section],
    }));
  };

  const send = async (): Promise<void> => {
    if (preview === null || stale) return;
    setSending(true);
    try {
      // The digest on screen: consent is for these bytes, whatever the report would be later.
      setResult(await candor().sendReport({ sha256: preview.sha256, remember, rememberFullDump }));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setSending(false);
    }
  };

  const dontSend = async (): Promise<void> => {
    try {
      await candor().dontSend({
        sha256: preview?.sha256 ?? null,
        crashId: crash?.id ?? null,
        remember: remember === 'never-ask' ? 'never-ask' : 'no',
      });
      onDone();
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  if (result !== null) {
    const heading = strings.resultHeadings[result.status];
    return (
      <section aria-labelledby="result-heading" className="dialog">
        <h2 id="result-heading">{heading}</h2>
        <div role="status" aria-live="polite">
          {result.receipt !== undefined ? (
            <p data-testid="receipt">
              {strings.receiptLine(result.receipt.id, result.receipt.sha256, formatTime(result.receipt.receivedAt))}
            </p>
          ) : (
            <p>{result.reason}</p>
          )}
        </div>
        <p>
          {strings.supportCode}: <code data-testid="support-code">{result.reportId}</code>{' '}
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard.writeText(result.reportId).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          >
            {strings.copySupportCode}
          </button>
          {copied && <span role="status"> {strings.copied}</span>}
        </p>
        <button type="button" onClick={onDone}>
          OK
        </button>
      </section>
    );
  }

  return (
    <section aria-labelledby="dialog-heading" className="dialog">
      <h2 id="dialog-heading">{crash === null ? strings.reportProblemHeading : strings.dialogHeading}</h2>
      {crash === null ? (
        <p>{strings.reportProblemIntro}</p>
      ) : (
        <>
          <p data-testid="crash-summary">
            {describeCrash(crash)} {strings.happenedAt(formatTime(crash.occurredAt))}
          </p>
          <details>
            <summary>{strings.technicalDetails}</summary>
            <dl className="facts">
              <dt>Process</dt>
              <dd>{crash.processType}</dd>
              <dt>Kind</dt>
              <dd>{crash.kind}</dd>
              <dt>Signature</dt>
              <dd>{crash.signature}</dd>
              {crash.error !== undefined && (
                <>
                  <dt>Error</dt>
                  <dd>
                    {crash.error.name}: {crash.error.message}
                  </dd>
                </>
              )}
              {crash.exit !== undefined && (
                <>
                  <dt>Exit</dt>
                  <dd>
                    {crash.exit.reason} ({crash.exit.exitCode})
                  </dd>
                </>
              )}
            </dl>
          </details>
        </>
      )}

      <div className="field">
        <label htmlFor={ids.comment}>{strings.commentLabel}</label>
        <p className="hint">{strings.commentHint}</p>
        <textarea
          id={ids.comment}
          rows={3}
          value={choices.comment}
          onChange={(event) => setChoices((current) => ({ ...current, comment: event.target.value }))}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.email}>{strings.emailLabel}</label>
        <p className="hint" id={ids.emailHint}>
          {strings.emailHint}
        </p>
        <input
          id={ids.email}
          type="email"
          aria-describedby={ids.emailHint}
          value={typedEmail}
          onChange={(event) => {
            const email = event.target.value;
            setTypedEmail(email);
            // Only a complete address goes into the report; the bytes change once it is one.
            setChoices((current) => ({ ...current, email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : '' }));
          }}
        />
      </div>

      <fieldset>
        <legend>{strings.sectionsHeading}</legend>
        {SECTIONS.map((section) => (
          <label key={section} className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={!choices.exclude.includes(section)}
              onChange={(event) => toggle(section, event.target.checked)}
            />
            {strings.sectionNames[section]}
          </label>
        ))}
        <label htmlFor={ids.dump}>{strings.dumpVariantLabel}</label>
        <select
          id={ids.dump}
          value={choices.minidump}
          disabled={choices.exclude.includes('minidump')}
          onChange={(event) =>
            setChoices((current) => ({ ...current, minidump: event.target.value === 'stack-only' ? 'stack-only' : 'full' }))
          }
        >
          <option value="full">{strings.dumpFull}</option>
          <option value="stack-only">{strings.dumpStackOnly}</option>
        </select>
      </fieldset>

      <ExactBytes preview={preview} stale={stale} />
      {error !== null && <p role="alert">{error}</p>}

      <div className="field">
        <label htmlFor={ids.remember}>{strings.rememberLabel}</label>
        <select id={ids.remember} value={remember} onChange={(event) => setRemember(event.target.value as RememberChoice)}>
          {rememberChoices.map((choice) => (
            <option key={choice} value={choice}>
              {strings.rememberOptions[choice]}
            </option>
          ))}
        </select>
        {remembersSending && (
          <label className="switch">
            <input type="checkbox" checked={rememberFullDump} onChange={(event) => setRememberFullDump(event.target.checked)} />
            {strings.rememberFullDump}
          </label>
        )}
      </div>
      <p data-testid="policy-version">{strings.policyVersion(preview?.privacyPolicyVersion ?? '…')}</p>
      <PrivacyPolicyFold policy={policy.policy} error={policy.error} />
      <WhatCandorCollects policy={policy.policy} />
      <p id={ids.destination} data-testid="destination">
        {preview?.destination === null || preview?.destination === undefined
          ? preview === null
            ? ''
            : strings.sendsNowhere
          : strings.sendsTo(preview.destination.host, preview.destination.protocol)}
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          aria-describedby={ids.destination}
          disabled={preview === null || stale || sending || preview.destination === null}
          onClick={() => void send()}
        >
          {sending ? strings.sending : strings.send}
        </button>
        <button type="button" onClick={() => void dontSend()}>
          {strings.dontSend}
        </button>
      </div>
    </section>
  );
}
