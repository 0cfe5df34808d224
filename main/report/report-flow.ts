import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { CandorError } from '../../contract/errors';
import type { DiagnosticsSnapshot } from '../../contract/diagnostics';
import type {
  History,
  RememberChoice,
  ReportChoices,
  ReportPreview,
  SendResult,
  Settings,
  WithdrawResult,
} from '../../contract/report-flow';
import type { CrashStore } from '../capture/crash-store';
import { MinidumpError } from '../minidump/binary-reader';
import { MAX_AGE_DAYS, MAX_QUEUED_REPORTS, type Outbox } from '../outbox/outbox';
import { PRIVACY_POLICY_VERSION, type ConsentLedger } from '../privacy/consent';
import type { RedactionOptions } from '../privacy/redact';
import { deleteFromServer, uploadBundle } from '../upload/candor-transport';
import { buildReport, type BuiltReport } from './build-report';
import { describeAttachments } from './describe-attachments';
import { ATTACHMENTS_FOLDER, readBundle, REPORT_FILE, writeBundle } from './bundle';
import { zipStore } from './zip';

/** A log carries its end into a report, not all of it. */
const MAX_LOG_BYTES = 1024 * 1024;
/** Drafts kept for sending: the few previews a user can have looked at. */
const MAX_DRAFTS = 32;

export interface ReportFlowOptions {
  crashes: CrashStore;
  consent: ConsentLedger;
  outbox: Outbox;
  collectDiagnostics: () => Promise<DiagnosticsSnapshot>;
  /** Where reports go; null until configured. */
  endpoint: string | null;
  reportsDir: string;
  /** The app reported when nothing crashed ("Report a problem"). */
  app: { name: string; version: string };
  identity: RedactionOptions['identity'];
  now?: () => Date;
}

/**
 * The dialog's services: builds the exact bytes for the user's choices, and sends only bytes the
 * user saw. Each preview is kept as a draft under its digest; Send takes the digest on screen and
 * sends that draft, never a report rebuilt afterwards.
 */
export class ReportFlow {
  private readonly drafts = new Map<string, BuiltReport>();
  /** One report id and time per crash (or per problem report), so only the user's choices change the bytes. */
  private readonly draftIdentity = new Map<string, { id: string; createdAt: Date }>();
  private diagnostics: Promise<DiagnosticsSnapshot> | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: ReportFlowOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async preview(choices: ReportChoices): Promise<ReportPreview> {
    const crash = choices.crashId === null ? undefined : this.options.crashes.get(choices.crashId);
    if (choices.crashId !== null && crash === undefined) throw new CandorError('not-found', `no crash ${choices.crashId} is waiting`);
    const key = choices.crashId ?? 'problem';
    let identity = this.draftIdentity.get(key);
    if (identity === undefined) {
      identity = { id: randomUUID(), createdAt: this.now() };
      this.draftIdentity.set(key, identity);
    }
    // Collected once per session: toggling a switch must not change the facts, only what is shown.
    this.diagnostics ??= this.options.collectDiagnostics();
    const log = crash?.log === undefined ? undefined : await readTail(crash.log.path);
    const minidump = crash?.minidump === undefined ? undefined : await readFile(crash.minidump.path).catch(() => undefined);
    let built: BuiltReport;
    try {
      built = buildReport({
        id: identity.id,
        now: identity.createdAt,
        app: crash?.app ?? this.options.app,
        crash,
        diagnostics: await this.diagnostics,
        comment: choices.comment,
        email: choices.email === '' ? undefined : choices.email,
        log: log === undefined ? undefined : { name: path.basename(crash?.log?.path ?? 'log.txt'), text: log },
        minidump: minidump === undefined ? undefined : { name: 'crash.dmp', bytes: minidump },
        minidumpVariant: choices.minidump,
        exclude: choices.exclude,
        identity: this.options.identity,
        privacyPolicyVersion: PRIVACY_POLICY_VERSION,
      });
    } catch (error) {
      if (error instanceof MinidumpError)
        throw new CandorError('invalid-arguments', `the crash dump cannot be reduced to stacks: ${error.message}`);
      throw error;
    }
    this.drafts.set(built.sha256, built);
    while (this.drafts.size > MAX_DRAFTS) this.drafts.delete(this.drafts.keys().next().value ?? '');

    return {
      reportId: built.report.id,
      sha256: built.sha256,
      sizeBytes: built.bytes.length,
      bytes: built.bytes.toString('utf8'),
      report: built.report,
      ...describeAttachments(built.attachments, this.options.identity),
      privacyPolicyVersion: PRIVACY_POLICY_VERSION,
    };
  }

  /** Records consent for the digest on screen, queues exactly those bytes, and tries to send them now. */
  async send(sha256: string, remember: RememberChoice): Promise<SendResult> {
    const built = this.drafts.get(sha256);
    if (built === undefined)
      throw new CandorError('not-found', 'the report on screen is no longer the one prepared; review it again before sending');
    const endpoint = this.options.endpoint;
    if (endpoint === null) throw new CandorError('not-configured', 'no report server is configured, so nothing can be sent');
    const { consent, outbox } = this.options;
    const record = consent.record({ decision: 'send', digest: sha256, reportId: built.report.id, basis: 'asked' });
    this.rememberChoice(remember, built.report.app.version);
    writeBundle(path.join(this.options.reportsDir, built.report.id), built);
    outbox.enqueue(built, record, endpoint);
    await outbox.flush((bundle, item) => uploadBundle(bundle, { endpoint: item.state.endpoint }, consent));
    const crashId =
      built.report.crash === undefined ? undefined : [...this.draftIdentity].find(([, value]) => value.id === built.report.id)?.[0];
    if (crashId !== undefined && crashId !== 'problem') this.options.crashes.setStatus(crashId, 'reported');
    const state = outbox.list().find((item) => item.state.reportId === built.report.id)?.state;
    return {
      reportId: built.report.id,
      sha256,
      status: state?.status === 'sent' ? 'sent' : state?.status === 'failed' ? 'failed' : 'queued',
      ...(state?.receipt === undefined ? {} : { receipt: state.receipt }),
      ...(state?.lastError === undefined ? {} : { reason: state.lastError.reason }),
    };
  }

  dontSend(sha256: string | null, crashId: string | null, remember: RememberChoice): void {
    const built = sha256 === null ? undefined : this.drafts.get(sha256);
    if (built !== undefined && sha256 !== null)
      this.options.consent.record({ decision: 'dont-send', digest: sha256, reportId: built.report.id });
    if (remember === 'never-ask') this.options.consent.record({ decision: 'never-ask' });
    if (crashId !== null) this.options.crashes.setStatus(crashId, 'dismissed');
  }

  private rememberChoice(remember: RememberChoice, appVersion: string): void {
    if (remember === 'always-this-version')
      this.options.consent.record({ decision: 'always-send', scope: { kind: 'app-version', appVersion } });
    if (remember === 'always-30-days') {
      const until = new Date(this.now().getTime() + 30 * 24 * 60 * 60 * 1000).toISOString();
      this.options.consent.record({ decision: 'always-send', scope: { kind: 'until', until } });
    }
  }

  history(): History {
    return {
      reports: this.options.outbox.list().map(({ state }) => ({
        reportId: state.reportId,
        sha256: state.digest,
        status: state.status,
        queuedAt: state.queuedAt,
        ...(state.receipt === undefined ? {} : { receipt: state.receipt }),
        ...(state.lastError === undefined ? {} : { reason: state.lastError.reason }),
      })),
      decisions: this.options.consent.history(),
    };
  }

  settings(): Settings {
    return {
      endpoint: this.options.endpoint,
      consentMode: this.options.consent.mode(this.options.app.version).mode,
      privacyPolicyVersion: PRIVACY_POLICY_VERSION,
      outboxLimitReports: MAX_QUEUED_REPORTS,
      keepUnsentDays: MAX_AGE_DAYS,
    };
  }

  /**
   * The bundle as a zip: report.json (the exact bytes sent or to be sent), the attachments, and a
   * manifest with the digest, the receipt and the consent record.
   */
  exportReport(reportId: string): { fileName: string; zipBase64: string } {
    const item = this.options.outbox.list().find((candidate) => candidate.state.reportId === reportId);
    const dir = item?.dir ?? path.join(this.options.reportsDir, reportId);
    let bundle;
    try {
      bundle = readBundle(dir);
    } catch {
      throw new CandorError('not-found', `no bundle is kept for report ${reportId}`);
    }
    const manifest = {
      reportId,
      sha256: bundle.sha256,
      files: [
        { name: REPORT_FILE, sizeBytes: bundle.bytes.length, sha256: bundle.sha256 },
        ...bundle.report.attachments.map((meta) => ({
          name: `${ATTACHMENTS_FOLDER}/${meta.name}`,
          sizeBytes: meta.sizeBytes,
          sha256: meta.sha256,
        })),
      ],
      status: item?.state.status ?? 'not queued',
      receipt: item?.state.receipt,
      consent: this.options.consent.consentFor(bundle.sha256),
    };
    const zip = zipStore([
      { name: 'manifest.json', bytes: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
      { name: REPORT_FILE, bytes: bundle.bytes },
      ...bundle.attachments.map((attachment) => ({ name: `${ATTACHMENTS_FOLDER}/${attachment.name}`, bytes: attachment.bytes })),
    ]);
    return { fileName: `candor-report-${reportId}.zip`, zipBase64: zip.toString('base64') };
  }

  /** Deletes a report from this computer (its bundle and outbox folder), or asks the server to delete its copy. */
  async deleteReport(reportId: string, where: 'local' | 'server'): Promise<{ ok: boolean; reason: string }> {
    const { outbox } = this.options;
    if (where === 'local') {
      const removed = outbox.purge([reportId]);
      await rm(path.join(this.options.reportsDir, reportId), { recursive: true, force: true });
      return { ok: true, reason: removed.length > 0 ? 'deleted from this computer' : 'nothing was kept for it' };
    }
    const receipt = outbox.receipts.read().find((candidate) => candidate.id === reportId);
    if (receipt === undefined) return { ok: false, reason: 'this report was never received by a server' };
    return deleteFromServer(receipt);
  }

  /** Ends "always send", deletes every report not yet sent, and asks the server to delete what it has. */
  async withdraw(): Promise<WithdrawResult> {
    const { consent, outbox } = this.options;
    consent.record({ decision: 'withdraw' });
    const removed = outbox.purge();
    const deletions = [];
    for (const receipt of outbox.receipts.read()) deletions.push({ reportId: receipt.id, ...(await deleteFromServer(receipt)) });
    return { removedFromOutbox: removed.length, deletions };
  }
}

async function readTail(file: string): Promise<string | undefined> {
  try {
    const content = await readFile(file);
    return (content.length > MAX_LOG_BYTES ? content.subarray(content.length - MAX_LOG_BYTES) : content).toString('utf8');
  } catch {
    return undefined;
  }
}
