import { useEffect, useId, useRef, useState } from 'react';
import type { CrashEvent } from '../../../contract/crash-event';
import type { RememberChoice, ReportChoices, ReportPreview, SendResult } from '../../../contract/report-flow';
import { rememberChoices } from '../../../contract/report-flow';
import type { ReportSection } from '../../../contract/report';
import { candor } from '../../candor';
import { describeCrash } from './describe-crash';
import { exitReasonText } from './exit-reason';
import { PrivacyPolicyFold, usePrivacyPolicy } from '../privacy/privacy-policy';
import { WhatCandorCollects } from '../privacy/what-candor-collects';
import { ExactBytes } from './exact-bytes';
import { ReadableReport } from './readable-report';
import { useI18n, type I18n } from '../../i18n/i18n';

/** Typing in the comment box rebuilds the report once the user pauses, not on every key; the first build goes at once. */
const REBUILD_DELAY_MS = 250;

/** Where Send goes, and how much with which digest: everything Send puts on the wire is report.json and its attachments. */
function destinationLine(preview: ReportPreview | null, { t, bytes }: I18n): string {
  if (preview === null) return '';
  if (preview.destination === null) return t('sendsNowhere');
  const total = preview.attachments.reduce((sum, attachment) => sum + attachment.sizeBytes, preview.sizeBytes);
  return `${t('sendsTo', { host: preview.destination.host, protocol: preview.destination.protocol })} ${t('sendsDigest', { size: bytes(total), digestStart: preview.sha256.slice(0, 12) })}`;
}

export function CrashDialog({ crash, onDone }: { crash: CrashEvent | null; onDone: () => void }) {
  const i18n = useI18n();
  const { t, time, rich } = i18n;
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
  /** Whether a report is on screen yet: until then there is nothing to wait for a pause in. */
  const shown = useRef(false);
  const policy = usePrivacyPolicy();
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const ids = { comment: useId(), email: useId(), emailHint: useId(), remember: useId(), destination: useId() };
  const remembersSending = remember === 'always-this-version' || remember === 'always-30-days';

  useEffect(() => {
    setStale(true);
    const mine = ++request.current;
    const delay = shown.current ? REBUILD_DELAY_MS : 0;
    const timer = setTimeout(() => {
      candor()
        .previewReport(choices)
        .then(
          (built) => {
            if (mine !== request.current) return;
            shown.current = true;
            setPreview(built);
            setStale(false);
            setError(null);
          },
          (failure: unknown) => {
            if (mine === request.current) setError(i18n.failure(failure));
          },
        );
    }, delay);
    return () => clearTimeout(timer);
  }, [choices]);

  // After Send the result replaces the dialog: it is brought into view and takes focus, so it is seen and read out.
  useEffect(() => {
    if (result === null) return;
    resultHeading.current?.scrollIntoView({ block: 'start' });
    resultHeading.current?.focus();
  }, [result]);

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
      setError(i18n.failure(failure));
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
      setError(i18n.failure(failure));
    }
  };

  if (result !== null) {
    const heading = t(`resultHeadings.${result.status}`);
    return (
      <section aria-labelledby="result-heading" className="dialog">
        <h2 id="result-heading" tabIndex={-1} ref={resultHeading}>
          {heading}
        </h2>
        <div role="status" aria-live="polite">
          {result.receipt !== undefined ? (
            <p data-testid="receipt">
              {t('receiptLine', { id: result.receipt.id, digest: result.receipt.sha256, when: time(result.receipt.receivedAt) })}
            </p>
          ) : (
            result.reason !== undefined && <p>{i18n.notice(result.reason)}</p>
          )}
        </div>
        <p>
          {rich('supportCodeIs', { code: <code data-testid="support-code">{result.reportId}</code> })}
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard.writeText(result.reportId).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          >
            {t('copySupportCode')}
          </button>
          {copied && <span role="status"> {t('copied')}</span>}
        </p>
        <button type="button" onClick={onDone}>
          {t('ok')}
        </button>
      </section>
    );
  }

  const reportedCrash = preview?.report.crash;
  return (
    <section aria-labelledby="dialog-heading" className="dialog">
      <h2 id="dialog-heading">{crash === null ? t('reportProblemHeading') : t('dialogHeading')}</h2>
      <p data-testid="crash-summary">
        {crash === null ? t('reportProblemIntro') : t('crashSummary', { crash: describeCrash(crash, t), when: time(crash.occurredAt) })}
      </p>

      <div className="field">
        <label htmlFor={ids.comment}>{t('commentLabel')}</label>
        <textarea
          id={ids.comment}
          rows={2}
          placeholder={t('commentHint')}
          value={choices.comment}
          onChange={(event) => setChoices((current) => ({ ...current, comment: event.target.value }))}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.email}>{t('emailLabel')}</label>
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
        <p className="hint" id={ids.emailHint}>
          {t('emailHint')}
        </p>
      </div>

      {/* The decision stays in view: in the flow right after the comment, and pinned to the bottom of the window when the dialog is taller. */}
      <div className="decision">
        <p id={ids.destination} data-testid="destination" className="hint">
          {destinationLine(preview, i18n)}
        </p>
        <div className="actions">
          <button
            type="button"
            className="primary"
            aria-describedby={ids.destination}
            disabled={preview === null || stale || sending || preview.destination === null}
            onClick={() => void send()}
          >
            {sending ? t('sending') : t('send')}
          </button>
          <button type="button" onClick={() => void dontSend()}>
            {t('dontSend')}
          </button>
          <span className="remember">
            <label htmlFor={ids.remember}>{t('rememberLabel')}</label>
            <select id={ids.remember} value={remember} onChange={(event) => setRemember(event.target.value as RememberChoice)}>
              {rememberChoices.map((choice) => (
                <option key={choice} value={choice}>
                  {t(`rememberOptions.${choice}`)}
                </option>
              ))}
            </select>
          </span>
        </div>
        {remembersSending && (
          <label className="switch">
            <input type="checkbox" checked={rememberFullDump} onChange={(event) => setRememberFullDump(event.target.checked)} />
            {t('rememberFullDump')}
          </label>
        )}
      </div>
      {error !== null && <p role="alert">{error}</p>}

      <ReadableReport
        crash={crash}
        preview={preview}
        choices={choices}
        onToggle={toggle}
        onDumpVariant={(minidump) => setChoices((current) => ({ ...current, minidump }))}
      />
      <ExactBytes preview={preview} stale={stale} dumpFindingsShownAbove={choices.minidump === 'full'} />

      {reportedCrash !== undefined && (
        <details>
          <summary>{t('technicalDetails')}</summary>
          <p className="hint">{t('technicalDetailsExplained')}</p>
          <dl className="facts" data-testid="technical-details">
            <dt>{t('detailNames.process')}</dt>
            <dd>{reportedCrash.processType}</dd>
            <dt>{t('detailNames.kind')}</dt>
            <dd>{t(`crashKinds.${reportedCrash.kind}`)}</dd>
            <dt>{t('detailNames.signature')}</dt>
            <dd>{reportedCrash.signature}</dd>
            {reportedCrash.error !== undefined && (
              <>
                <dt>{t('detailNames.error')}</dt>
                <dd>{t('errorLine', { name: reportedCrash.error.name, message: reportedCrash.error.message })}</dd>
                {reportedCrash.error.stack !== undefined && (
                  <>
                    <dt>{t('detailNames.stack')}</dt>
                    <dd>
                      <pre className="stack">{reportedCrash.error.stack}</pre>
                    </dd>
                  </>
                )}
              </>
            )}
            {reportedCrash.exit !== undefined && (
              <>
                <dt>{t('detailNames.exit')}</dt>
                <dd>{t('exitLine', { reason: exitReasonText(reportedCrash.exit.reason, t), code: reportedCrash.exit.exitCode })}</dd>
              </>
            )}
          </dl>
        </details>
      )}
      <p data-testid="policy-version" className="hint">
        {t('policyVersion', { version: preview?.privacyPolicyVersion ?? '…' })}
      </p>
      <PrivacyPolicyFold policy={policy.policy} error={policy.error} />
      <WhatCandorCollects policy={policy.policy} />
    </section>
  );
}
