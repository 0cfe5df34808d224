import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { CandorError } from '../../contract/errors';
import type { DiagnosticsSnapshot } from '../../contract/diagnostics';
import type { AutomaticChoices } from '../../contract/consent';
import type { CrashEvent } from '../../contract/crash-event';
import type { Destination } from '../../contract/destination';
import type { Notice } from '../../contract/notice';
import type {
  AutomaticSendNotice,
  ConsentModeChoice,
  History,
  RememberChoice,
  ReportChoices,
  ReportPreview,
  SendResult,
  ServerCopyCheck,
  Settings,
  WithdrawResult,
} from '../../contract/report-flow';
import type { CrashStore } from '../capture/crash-store';
import { consentedDestination, describeDestination, type Destinations } from '../destination/destinations';
import { MinidumpError } from '../minidump/binary-reader';
import { MAX_AGE_DAYS, MAX_QUEUED_REPORTS, type Outbox, type OutboxItem } from '../outbox/outbox';
import type { ConsentLedger } from '../privacy/consent';
import type { PrivacyPolicy } from '../../contract/privacy-policy';
import { deleteSentReport, withdrawConsent } from '../privacy/withdraw';
import type { RedactionOptions } from '../privacy/redact';
import { checkServerCopy } from '../upload/server-copy';
import { sendDueReports } from '../upload/deliver';
import { buildReport, type BuiltReport } from './build-report';
import { reportHistory } from './report-history';
import { describeAttachments } from './describe-attachments';
import { ATTACHMENTS_FOLDER, readBundle, REPORT_FILE, writeBundle } from './bundle';
import { zipStore } from './zip';
import { FileRefusedError, readRegularFileTail } from '../storage/regular-file';

/** A log carries its end into a report, not all of it. */
const MAX_LOG_BYTES = 1024 * 1024;
/** Drafts kept for sending: the few previews a user can have looked at. */
const MAX_DRAFTS = 32;
/** How many crashes History lists, newest first. */
const MAX_CRASHES_LISTED = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What "always send" chosen in Settings sends: everything but the email, the dump as stacks only. */
const DEFAULT_AUTOMATIC_CHOICES: AutomaticChoices = { exclude: ['email'], minidump: 'stack-only' };

export interface ReportFlowOptions {
  crashes: CrashStore;
  consent: ConsentLedger;
  outbox: Outbox;
  collectDiagnostics: () => Promise<DiagnosticsSnapshot>;
  /** Where reports go: command line, environment, the vendor's file, Settings. */
  destinations: Destinations;
  reportsDir: string;
  /** The app reported when nothing crashed ("Report a problem"). */
  app: { name: string; version: string };
  identity: RedactionOptions['identity'];
  /** The policy the user agrees under; its version goes into every report and consent record. */
  privacyPolicy: PrivacyPolicy;
  now?: () => Date;
  /** Told when a crash needs the user's decision (the dialog opens). */
  onCrashNeedsDecision?: (crash: CrashEvent) => void;
  /** Told when a report went out under "always send", so the UI can say what and where. */
  onSentAutomatically?: (notice: AutomaticSendNotice) => void;
  /** Where a failure of the automatic path is told; it must never be lost silently. */
  onError?: (message: string) => void;
}

interface Draft {
  built: BuiltReport;
  choices: ReportChoices;
}

/**
 * The dialog's services: builds the exact bytes for the user's choices, and sends only bytes the
 * user saw. Each preview is kept as a draft under its digest; Send takes the digest on screen and
 * sends that draft, never a report rebuilt afterwards.
 */
export class ReportFlow {
  private readonly drafts = new Map<string, Draft>();
  /** Crashes the automatic path has taken, so an update of the same event is not sent twice. */
  private readonly handledAutomatically = new Set<string>();
  private automatic: Promise<void> = Promise.resolve();
  /** One report id and time per crash (or per problem report), so only the user's choices change the bytes. */
  private readonly draftIdentity = new Map<string, { id: string; createdAt: Date }>();
  private diagnostics: Promise<DiagnosticsSnapshot> | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: ReportFlowOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Builds the exact bytes for these choices: one report id and time per crash, diagnostics collected once. */
  private async build(choices: ReportChoices): Promise<BuiltReport> {
    const crash = choices.crashId === null ? undefined : this.options.crashes.get(choices.crashId);
    if (choices.crashId !== null && crash === undefined) throw new CandorError('not-found', { code: 'crash-not-waiting' });
    const key = choices.crashId ?? 'problem';
    let identity = this.draftIdentity.get(key);
    if (identity === undefined) {
      identity = { id: randomUUID(), createdAt: this.now() };
      this.draftIdentity.set(key, identity);
    }
    const diagnostics = this.sessionDiagnostics();
    const log = crash?.log === undefined ? undefined : await readTail(crash.log.path);
    // Candor's own copy, written when the crash was taken.
    const minidump = crash?.minidump === undefined ? undefined : await readFile(crash.minidump.path).catch(() => undefined);
    try {
      return buildReport({
        id: identity.id,
        now: identity.createdAt,
        app: crash?.app ?? this.options.app,
        crash,
        diagnostics: await diagnostics,
        comment: choices.comment,
        email: choices.email === '' ? undefined : choices.email,
        log: log === undefined ? undefined : { name: path.basename(crash?.log?.path ?? 'log.txt'), text: log },
        minidump: minidump === undefined ? undefined : { name: 'crash.dmp', bytes: minidump },
        minidumpVariant: choices.minidump,
        exclude: choices.exclude,
        identity: this.options.identity,
        privacyPolicyVersion: this.options.privacyPolicy.version,
      });
    } catch (error) {
      if (error instanceof MinidumpError) throw new CandorError('invalid-arguments', { code: 'dump-not-reducible', detail: error.message });
      throw error;
    }
  }

  /**
   * This computer's facts, collected once per session: what "This computer" shows is what a report
   * carries, and toggling a switch changes only what is shown, never the facts. The first caller
   * (the app's page as it opens, or a crash waiting for a decision) starts the collection.
   */
  sessionDiagnostics(): Promise<DiagnosticsSnapshot> {
    this.diagnostics ??= this.options.collectDiagnostics();
    return this.diagnostics;
  }

  async preview(choices: ReportChoices): Promise<ReportPreview> {
    const built = await this.build(choices);
    this.drafts.set(built.sha256, { built, choices });
    while (this.drafts.size > MAX_DRAFTS) this.drafts.delete(this.drafts.keys().next().value ?? '');
    const destination = this.options.destinations.current();
    return {
      reportId: built.report.id,
      sha256: built.sha256,
      sizeBytes: built.bytes.length,
      bytes: built.bytes.toString('utf8'),
      report: built.report,
      ...describeAttachments(built.attachments, this.options.identity),
      privacyPolicyVersion: this.options.privacyPolicy.version,
      destination: destination === null ? null : describeDestination(destination),
    };
  }

  /**
   * Records consent for the digest on screen and the destination configured now, queues exactly
   * those bytes, and tries to send them.
   */
  async send(sha256: string, remember: RememberChoice, rememberFullDump = false): Promise<SendResult> {
    const draft = this.drafts.get(sha256);
    if (draft === undefined) throw new CandorError('not-found', { code: 'preview-outdated' });
    const resolved = this.options.destinations.current();
    if (resolved === null) throw new CandorError('not-configured', { code: 'no-destination' });
    const { built } = draft;
    const record = this.options.consent.record({
      decision: 'send',
      digest: sha256,
      reportId: built.report.id,
      basis: 'asked',
      destination: consentedDestination(resolved.destination),
    });
    // "Never ask" goes with Don't send; with Send only "always send" is remembered.
    if (remember === 'always-this-version' || remember === 'always-30-days')
      this.rememberChoice(remember, built.report.app.version, {
        exclude: draft.choices.exclude,
        minidump: rememberFullDump ? 'full' : 'stack-only',
      });
    writeBundle(path.join(this.options.reportsDir, built.report.id), built);
    this.options.outbox.enqueue(built, record);
    if (draft.choices.crashId !== null)
      this.options.crashes.update(draft.choices.crashId, { status: 'reported', reportId: built.report.id });
    await this.sendDue();
    return this.resultFor(built.report.id, sha256);
  }

  /** Sends what is due in the outbox to the destination configured now; the shells call it on a timer. */
  sendDue(): Promise<OutboxItem[]> {
    return sendDueReports(this.options.outbox, this.options.consent, this.currentDestination(), { now: this.now });
  }

  private currentDestination(): Destination | null {
    return this.options.destinations.current()?.destination ?? null;
  }

  private resultFor(reportId: string, sha256: string): SendResult {
    const state = this.options.outbox.list().find((item) => item.state.reportId === reportId)?.state;
    return {
      reportId,
      sha256,
      status: state?.status ?? 'queued',
      ...(state?.receipt === undefined ? {} : { receipt: state.receipt }),
      ...(state?.lastError === undefined ? {} : { reason: state.lastError.reason }),
    };
  }

  /**
   * A crash was recorded: under "always send" its report is built with the choices remembered then
   * and queued without asking; under "never ask" it is kept locally and nothing is built; otherwise
   * the user is asked.
   */
  crashRecorded(crash: CrashEvent): void {
    if (crash.status !== 'pending' || this.handledAutomatically.has(crash.id)) return;
    const mode = this.options.consent.mode(crash.app.version);
    if (mode.mode === 'ask') {
      // Collected on this machine while the dialog opens, so its first report is not kept waiting.
      void this.sessionDiagnostics();
      this.options.onCrashNeedsDecision?.(crash);
      return;
    }
    this.handledAutomatically.add(crash.id);
    if (mode.mode === 'never-ask') {
      this.options.crashes.update(crash.id, { status: 'not-asked' });
      return;
    }
    const choices = mode.choices;
    this.automatic = this.automatic
      .then(() => this.sendAutomatically(crash, choices))
      .catch((error: unknown) => {
        // The crash stays pending, so the dialog asks instead.
        this.handledAutomatically.delete(crash.id);
        this.options.onError?.(
          `could not send the report of crash ${crash.id} automatically: ${error instanceof Error ? error.message : String(error)}`,
        );
        this.options.onCrashNeedsDecision?.(crash);
      });
  }

  /** Waits for the reports being sent automatically; for tests and a clean shutdown. */
  settled(): Promise<void> {
    return this.automatic;
  }

  private async sendAutomatically(crash: CrashEvent, choices: AutomaticChoices): Promise<void> {
    const resolved = this.options.destinations.current();
    if (resolved === null) throw new Error('no report server is set');
    // Nobody looks at these bytes: never an email, never a comment.
    const built = await this.build({
      crashId: crash.id,
      comment: '',
      email: '',
      exclude: [...new Set([...choices.exclude, 'email' as const])],
      minidump: choices.minidump,
    });
    const record = this.options.consent.record({
      decision: 'send',
      digest: built.sha256,
      reportId: built.report.id,
      basis: 'always-send',
      destination: consentedDestination(resolved.destination),
    });
    writeBundle(path.join(this.options.reportsDir, built.report.id), built);
    this.options.outbox.enqueue(built, record);
    this.options.crashes.update(crash.id, { status: 'reported', reportId: built.report.id });
    await this.sendDue();
    const { status } = this.resultFor(built.report.id, built.sha256);
    this.options.onSentAutomatically?.({
      reportId: built.report.id,
      crashId: crash.id,
      app: built.report.app,
      status,
      destination: describeDestination(resolved),
    });
  }

  dontSend(sha256: string | null, crashId: string | null, remember: RememberChoice): void {
    const built = sha256 === null ? undefined : this.drafts.get(sha256)?.built;
    if (built !== undefined && sha256 !== null)
      this.options.consent.record({ decision: 'dont-send', digest: sha256, reportId: built.report.id });
    if (remember === 'never-ask') this.options.consent.record({ decision: 'never-ask' });
    if (crashId !== null) this.options.crashes.setStatus(crashId, 'dismissed');
  }

  private rememberChoice(remember: RememberChoice | ConsentModeChoice, appVersion: string, choices: AutomaticChoices): void {
    const { consent } = this.options;
    if (remember === 'always-this-version')
      consent.record({ decision: 'always-send', scope: { kind: 'app-version', appVersion }, choices });
    if (remember === 'always-30-days') {
      const until = new Date(this.now().getTime() + 30 * DAY_MS).toISOString();
      consent.record({ decision: 'always-send', scope: { kind: 'until', until }, choices });
    }
    if (remember === 'never-ask') consent.record({ decision: 'never-ask' });
    if (remember === 'ask') consent.record({ decision: 'ask' });
  }

  /** Changes the remembered choice from Settings; "always send" then sends everything but the email, the dump as stacks only. */
  setConsentMode(choice: ConsentModeChoice): Settings {
    this.rememberChoice(choice, this.options.app.version, DEFAULT_AUTOMATIC_CHOICES);
    return this.settings();
  }

  setDestination(destination: Destination | null): ReturnType<Destinations['view']> {
    this.options.destinations.setUserDestination(destination);
    // A report waiting for a destination may go now.
    void this.sendDue().catch((error: unknown) => this.options.onError?.(`sending after the destination changed: ${String(error)}`));
    return this.options.destinations.view();
  }

  /** Tries a failed or waiting report again, now. */
  async retry(reportId: string): Promise<History> {
    if (!this.options.outbox.retry(reportId)) throw new CandorError('not-found', { code: 'not-in-outbox', reportId });
    await this.sendDue();
    return this.history();
  }

  /**
   * The user approves sending a waiting report to the destination configured now (it was approved
   * for another one): a new consent record for the same bytes, naming the new destination.
   */
  async approveNewDestination(reportId: string): Promise<History> {
    const item = this.options.outbox.list().find((candidate) => candidate.state.reportId === reportId);
    if (item === undefined || item.state.status === 'sent') throw new CandorError('not-found', { code: 'not-in-outbox', reportId });
    const resolved = this.options.destinations.current();
    if (resolved === null) throw new CandorError('not-configured', { code: 'no-destination' });
    const record = this.options.consent.record({
      decision: 'send',
      digest: item.state.digest,
      reportId,
      basis: 'asked',
      destination: consentedDestination(resolved.destination),
    });
    this.options.outbox.reapproved(reportId, record);
    await this.sendDue();
    return this.history();
  }

  /** Fetches the server's copy of a sent report with its deletion token and compares it with the approved bytes. */
  checkServerCopy(reportId: string): Promise<ServerCopyCheck> {
    return checkServerCopy(this.options.outbox, this.options.consent, reportId);
  }

  history(): History {
    const decisions = this.options.consent.history();
    return {
      reports: reportHistory({ outbox: this.options.outbox, decisions, reportsDir: this.options.reportsDir }),
      crashes: this.options.crashes
        .list()
        .reverse()
        .slice(0, MAX_CRASHES_LISTED)
        .map((crash) => ({
          id: crash.id,
          occurredAt: crash.occurredAt,
          count: crash.count,
          kind: crash.kind,
          processType: crash.processType,
          app: crash.app,
          status: crash.status,
          ...(crash.reportId === undefined ? {} : { reportId: crash.reportId }),
        })),
      decisions,
    };
  }

  settings(): Settings {
    const mode = this.options.consent.mode(this.options.app.version);
    return {
      destination: this.options.destinations.view(),
      consentMode: mode.mode,
      ...(mode.mode === 'always-send'
        ? {
            alwaysSend: {
              ...(mode.scope.kind === 'until' ? { until: mode.scope.until } : { appVersion: mode.scope.appVersion }),
              choices: mode.choices,
            },
          }
        : {}),
      privacyPolicyVersion: this.options.privacyPolicy.version,
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
      throw new CandorError('not-found', { code: 'no-bundle-kept', reportId });
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
  async deleteReport(reportId: string, where: 'local' | 'server'): Promise<{ ok: boolean; reason: Notice }> {
    const { outbox } = this.options;
    if (where === 'local') {
      const removed = outbox.purge([reportId]);
      await rm(path.join(this.options.reportsDir, reportId), { recursive: true, force: true });
      return { ok: true, reason: { code: removed.length > 0 ? 'deleted-here' : 'nothing-kept-here' } };
    }
    const receipt = this.options.outbox.receiptFor(reportId);
    if (receipt === undefined) return { ok: false, reason: { code: 'never-received' } };
    return deleteSentReport(this.options.outbox, receipt, this.now);
  }

  /** Forgets the previews held in memory, after everything kept locally was deleted. */
  forgetDrafts(): void {
    this.drafts.clear();
    this.draftIdentity.clear();
    this.diagnostics = undefined;
  }

  /** Ends "always send", deletes every report not yet sent, and asks the server to delete what it has. */
  async withdraw(): Promise<WithdrawResult> {
    return withdrawConsent(this.options);
  }
}

/** The end of a log, or nothing when it is gone or no longer a regular file. */
async function readTail(file: string): Promise<string | undefined> {
  try {
    return (await readRegularFileTail(file, 'log', MAX_LOG_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof FileRefusedError) return undefined;
    throw error;
  }
}
