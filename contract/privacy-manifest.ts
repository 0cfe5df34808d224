import type { z } from 'zod';
import type { ProbeName } from './probe-names';
import type { ReportSection } from './report';
import { schemaLeafPaths } from './schema-paths';

/**
 * Candor's privacy contract as data: every field a `candor.report/1` can carry, and every kind of
 * attachment, with what it is for, whether it can hold personal data, which redaction runs over
 * it, what leaves it out, how long the report server keeps it, and the policy clause it falls
 * under. `test/contract/privacy-manifest.test.ts` fails when the report schema and this list part.
 * The CLI (`candor manifest`), the generated `docs/what-candor-sends.md` and the pages that show
 * users and reviewers what is collected all read it from here.
 */
export const PRIVACY_MANIFEST_VERSION = '1';

export const fieldCategories = ['crash', 'system', 'user-provided', 'identifier', 'consent'] as const;
export type FieldCategory = (typeof fieldCategories)[number];

/** Which of the client's redaction rules run over a field before the user sees it. */
export type Redaction = 'all-rules' | 'none';

/** The privacy policy's clauses a field can fall under. */
export const policyClauses = {
  'crash-details': 'What happened: the crash itself',
  'system-details': 'Your system: the facts support needs to reproduce a crash',
  'your-words': 'What you write, and your email if you give it',
  'report-keeping': 'Identifiers and digests that keep a report whole and deletable',
  'your-choices': 'What you chose to leave out, and which policy you agreed to',
} as const;
export type PolicyClause = keyof typeof policyClauses;

/** The report server keeps every report whole until it is deleted or this long has passed (`--retention-days`). */
export const SERVER_RETENTION = 'until the report is deleted, or for four years (the server’s --retention-days)';

export interface ManifestEntry {
  /** Dotted, `[]` for array items (`system.probes.os.data.version`); `attachment:<kind>` for attachments. */
  path: string;
  category: FieldCategory;
  personalData: boolean;
  purpose: string;
  redaction: Redaction;
  /** The section that leaves it out; null when no switch does (then `alwaysSentBecause` says why). */
  excludedBy: ReportSection | null;
  alwaysSentBecause?: string;
  retention: string;
  policyClause: PolicyClause;
}

type EntryInput = Omit<ManifestEntry, 'retention' | 'redaction'> & { redaction?: Redaction };

function entry(input: EntryInput): ManifestEntry {
  return { redaction: 'none', retention: SERVER_RETENTION, ...input };
}

const STRUCTURE = 'It is part of how every report is read; it says nothing about the person.';

function always(path: string, category: FieldCategory, purpose: string, policyClause: PolicyClause, because = STRUCTURE): ManifestEntry {
  return entry({ path, category, personalData: false, purpose, excludedBy: null, alwaysSentBecause: because, policyClause });
}

/** The sections that leave a probe out; the system, app and OS probes are always sent. */
const PROBE_SECTION: Readonly<Record<ProbeName, ReportSection | null>> = {
  os: null,
  hardware: 'hardware',
  browsers: 'browsers',
  dotnet: 'dotnet',
  app: null,
};

const PROBE_ALWAYS_BECAUSE: Readonly<Partial<Record<ProbeName, string>>> = {
  os: 'Which system crashed is the first thing support needs; it names no person.',
  app: 'Which app and runtime versions crashed; it names no person.',
};

/** A probe's result fields, then its data fields: `[relative path, purpose, personal data?, free text?]`. */
function probe(name: ProbeName, fields: readonly [string, string, boolean?, boolean?][]): ManifestEntry[] {
  const base = `system.probes.${name}`;
  const excludedBy = PROBE_SECTION[name];
  const common = { category: 'system' as const, excludedBy, policyClause: 'system-details' as const };
  const because = excludedBy === null ? { alwaysSentBecause: PROBE_ALWAYS_BECAUSE[name] ?? STRUCTURE } : {};
  return [
    entry({
      ...common,
      ...because,
      path: `${base}.status`,
      personalData: false,
      purpose: `Whether the ${name} facts were collected, or why not.`,
    }),
    entry({
      ...common,
      ...because,
      path: `${base}.durationMs`,
      personalData: false,
      purpose: `How long collecting the ${name} facts took.`,
    }),
    entry({
      ...common,
      ...because,
      path: `${base}.cached`,
      personalData: false,
      purpose: `Whether the ${name} facts came from this boot's cache.`,
    }),
    entry({
      ...common,
      ...because,
      path: `${base}.reason`,
      personalData: false,
      redaction: 'all-rules',
      purpose: `Why the ${name} facts are missing (an error message, redacted).`,
    }),
    ...fields.map(([field, purpose, personalData = false, freeText = false]) =>
      entry({
        ...common,
        ...because,
        path: `${base}.data.${field}`,
        purpose,
        personalData,
        redaction: freeText || personalData ? 'all-rules' : 'none',
      }),
    ),
  ];
}

export const PRIVACY_MANIFEST: readonly ManifestEntry[] = [
  always('schema', 'identifier', 'The format of the report (candor.report/1).', 'report-keeping'),
  always('id', 'identifier', 'A random id for this report, so it is sent once and can be fetched and deleted.', 'report-keeping'),
  always('createdAt', 'crash', 'When the report was made.', 'crash-details'),
  always('app.name', 'crash', 'Which app crashed.', 'crash-details'),
  always('app.version', 'crash', 'Which version of the app crashed.', 'crash-details'),
  always(
    'crash.kind',
    'crash',
    'What kind of crash it was (an exception, a renderer error, a gone process, a native crash).',
    'crash-details',
  ),
  always('crash.processType', 'crash', 'Which process crashed (main, renderer, GPU …).', 'crash-details'),
  always('crash.occurredAt', 'crash', 'When the crash first happened.', 'crash-details'),
  always('crash.lastOccurredAt', 'crash', 'When it last happened, if it happened again.', 'crash-details'),
  always('crash.count', 'crash', 'How often it happened before it was reported.', 'crash-details'),
  entry({
    path: 'crash.signature',
    category: 'crash',
    personalData: false,
    redaction: 'all-rules',
    purpose: 'A short name for the crash, so the same crash is grouped together.',
    excludedBy: null,
    alwaysSentBecause: 'Without it support cannot tell one crash from another; it is redacted like every text.',
    policyClause: 'crash-details',
  }),
  ...(['name', 'message', 'stack'] as const).map((field) =>
    entry({
      path: `crash.error.${field}`,
      category: 'crash',
      personalData: true,
      redaction: 'all-rules',
      purpose:
        field === 'stack' ? 'Where in the code the error was thrown.' : field === 'name' ? 'The kind of error.' : 'What the error said.',
      excludedBy: null,
      alwaysSentBecause: 'It is the crash itself; paths, names and secrets in it are redacted before you see it.',
      policyClause: 'crash-details',
    }),
  ),
  always('crash.exit.reason', 'crash', 'Why a process went away (crashed, killed, out of memory).', 'crash-details'),
  always('crash.exit.exitCode', 'crash', 'The exit code of a process that went away.', 'crash-details'),
  always('system.schema', 'identifier', 'The format of the system facts (candor.diagnostics/1).', 'report-keeping'),
  always('system.collectedAt', 'system', 'When the system facts were collected.', 'system-details'),
  always('system.durationMs', 'system', 'How long collecting them took.', 'system-details'),
  ...probe('os', [
    ['platform', 'The operating system family.'],
    ['name', 'The operating system’s name and edition.'],
    ['release', 'Its release.'],
    ['build', 'Its build number.'],
    ['kernel', 'The kernel version.'],
    ['arch', 'The processor architecture.'],
    ['locale', 'The system’s language and region, for crashes that depend on them.'],
  ]),
  ...probe('hardware', [
    ['cpu.brand', 'The processor model.'],
    ['cpu.manufacturer', 'The processor maker.'],
    ['cpu.cores', 'How many logical cores.'],
    ['cpu.physicalCores', 'How many physical cores.'],
    ['cpu.speedGHz', 'The processor speed.'],
    ['memory.totalBytes', 'How much memory the computer has.'],
    ['gpus[].vendor', 'Each graphics card’s maker.'],
    ['gpus[].model', 'Each graphics card’s model.'],
    ['gpus[].driverVersion', 'Each graphics driver’s version.'],
    ['gpus[].vramMB', 'Each graphics card’s memory.'],
    ['system.manufacturer', 'The computer’s maker.'],
    ['system.model', 'The computer’s model.'],
    ['system.virtual', 'Whether it is a virtual machine.'],
    ['dataVolume.freeBytes', 'Free space where the app keeps its data (a full disk explains many crashes).'],
    ['dataVolume.totalBytes', 'The size of that disk.'],
  ]),
  ...probe('browsers', [
    ['embedded.name', 'The browser engine inside the app.'],
    ['embedded.version', 'Its version.'],
    ['installed[].name', 'Each installed browser.'],
    ['installed[].version', 'Its version.'],
    ['installed[].isDefault', 'Whether it is the default browser.'],
    ['defaultBrowser', 'What the system names as the default browser.'],
  ]),
  ...probe('dotnet', [
    ['framework[].version', 'Each installed .NET Framework version.'],
    ['framework[].release', 'Its release number.'],
    ['framework[].servicePack', 'Its service pack.'],
    ['runtimes[].name', 'Each installed .NET runtime.'],
    ['runtimes[].version', 'Its version.'],
    ['runtimes[].root', 'Where it is installed (a user’s folder in it is redacted).', true],
    ['sdks[].version', 'Each installed .NET SDK.'],
    ['sdks[].root', 'Where it is installed (a user’s folder in it is redacted).', true],
  ]),
  ...probe('app', [
    ['name', 'The app’s name as it reports itself.'],
    ['version', 'The app’s version.'],
    ['electron', 'The Electron version.'],
    ['chrome', 'The Chromium version.'],
    ['node', 'The Node.js version.'],
    ['v8', 'The V8 version.'],
    ['uptimeSeconds', 'How long the app had run.'],
  ]),
  entry({
    path: 'user.comment',
    category: 'user-provided',
    personalData: true,
    redaction: 'all-rules',
    purpose: 'What you wrote about what you were doing.',
    excludedBy: null,
    alwaysSentBecause: 'Only when you write one; it is redacted like every text, and you see it before sending.',
    policyClause: 'your-words',
  }),
  entry({
    path: 'user.email',
    category: 'user-provided',
    personalData: true,
    purpose: 'Your email address, so support can answer you.',
    excludedBy: 'email',
    policyClause: 'your-words',
  }),
  always('attachments[].name', 'identifier', 'Each attached file’s name inside the report.', 'report-keeping'),
  always('attachments[].kind', 'identifier', 'Whether it is a crash dump or a log.', 'report-keeping'),
  always('attachments[].contentType', 'identifier', 'Its file type.', 'report-keeping'),
  always('attachments[].sizeBytes', 'identifier', 'Its size.', 'report-keeping'),
  always('attachments[].sha256', 'identifier', 'Its SHA-256, which binds the file to the report you approved.', 'report-keeping'),
  always('attachments[].variant', 'identifier', 'Whether a crash dump is whole or reduced to its stacks.', 'report-keeping'),
  always('redactions[].kind', 'consent', 'Which kinds of personal data were taken out before you saw the report.', 'your-choices'),
  always('redactions[].count', 'consent', 'How many of each.', 'your-choices'),
  always('excluded[]', 'consent', 'Which parts you chose to leave out.', 'your-choices'),
  always('privacyPolicyVersion', 'consent', 'The version of the privacy policy you agreed to.', 'your-choices'),
  always('privacyManifestVersion', 'consent', 'The version of this list of what a report can carry.', 'your-choices'),
];

/** Attachments and the two forms of a minidump: what each can hold and what leaves it out. */
export const ATTACHMENT_MANIFEST: readonly ManifestEntry[] = [
  entry({
    path: 'attachment:log',
    category: 'crash',
    personalData: true,
    redaction: 'all-rules',
    purpose: 'The app’s log before the crash, redacted line by line.',
    excludedBy: 'logs',
    policyClause: 'crash-details',
  }),
  entry({
    path: 'attachment:minidump/stack-only',
    category: 'crash',
    personalData: false,
    purpose: 'The crashed threads’ stacks, registers and the list of loaded modules: what a stack walk needs, and no other memory.',
    excludedBy: 'minidump',
    policyClause: 'crash-details',
  }),
  entry({
    path: 'attachment:minidump/full',
    category: 'crash',
    personalData: true,
    purpose:
      'The whole crash dump: besides the stacks it can hold the process’s memory, its environment, its command line and module paths, any of which may name you. Sent only when you tick “send the full dump”.',
    excludedBy: 'minidump',
    policyClause: 'crash-details',
  }),
];

/** Where a schema and a manifest part: fields without an entry, and entries without a field. */
export function manifestGaps(schema: z.ZodType, manifest: readonly ManifestEntry[]): { missing: string[]; stale: string[] } {
  const fields = new Set(schemaLeafPaths(schema));
  const declared = new Set(manifest.map((item) => item.path));
  return {
    missing: [...fields].filter((path) => !declared.has(path)),
    stale: [...declared].filter((path) => !fields.has(path)),
  };
}
