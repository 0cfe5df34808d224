import type { PersonalDataFinding } from '../../contract/minidump';
import { findEmails, findHomeFolders, isSharedProfile } from '../privacy/personal-data-patterns';
import type { Minidump } from './read-minidump';

/** Who the user is on this machine; a dump written here names them in these ways. */
export interface KnownIdentity {
  userName?: string;
  homeDir?: string;
  hostName?: string;
}

const USER_VARIABLES = ['USER', 'LOGNAME', 'USERNAME'];
const HOME_VARIABLES = ['HOME', 'USERPROFILE'];
const HOST_VARIABLES = ['HOSTNAME', 'COMPUTERNAME', 'USERDOMAIN'];

/** Raw memory is scanned up to this much per dump; a huge heap dump is reported as not fully scanned. */
const MAX_SCANNED_MEMORY_BYTES = 64 * 1024 * 1024;

class Findings {
  private readonly found = new Map<string, { finding: PersonalDataFinding; values: Set<string> }>();

  add(kind: PersonalDataFinding['kind'], where: PersonalDataFinding['where'], value: string, times = 1): void {
    if (value === '' || times === 0) return;
    const key = `${kind}\0${where}`;
    let entry = this.found.get(key);
    if (entry === undefined) {
      entry = { finding: { kind, where, count: 0, values: [] }, values: new Set() };
      this.found.set(key, entry);
    }
    entry.finding.count += times;
    entry.values.add(value);
  }

  list(): PersonalDataFinding[] {
    return [...this.found.values()].map(({ finding, values }) => ({ ...finding, values: [...values].slice(0, 20) }));
  }
}

function occurrences(text: string, needle: string | undefined): number {
  // Short needles ("a", "pc") would match everywhere and mean nothing.
  return needle === undefined || needle.length < 3 ? 0 : text.split(needle).length - 1;
}

function scanText(text: string, where: PersonalDataFinding['where'], identity: KnownIdentity, findings: Findings): void {
  // The text with each home folder a space, where this user's name is counted again.
  let outsideHomeFolders = '';
  let copiedUpTo = 0;
  for (const folder of findHomeFolders(text)) {
    if (!folder.shared) {
      findings.add('user-name', where, text.slice(folder.nameStart, folder.end));
      findings.add('home-folder', where, text.slice(folder.start, folder.end));
    }
    outsideHomeFolders += `${text.slice(copiedUpTo, folder.start)} `;
    copiedUpTo = folder.end;
  }
  outsideHomeFolders += text.slice(copiedUpTo);
  for (const email of findEmails(text)) findings.add('email', where, text.slice(email.start, email.end));
  if (identity.userName !== undefined)
    findings.add('user-name', where, identity.userName, occurrences(outsideHomeFolders, identity.userName));
  if (identity.hostName !== undefined) findings.add('host-name', where, identity.hostName, occurrences(text, identity.hostName));
  if (identity.homeDir !== undefined)
    findings.add('home-folder', where, identity.homeDir, occurrences(outsideHomeFolders, identity.homeDir));
}

/**
 * Finds the personal data a minidump carries — user names and home folders in module paths,
 * the environment, the command line, annotations and raw memory; email addresses; this
 * machine's host name — with the same patterns the report redaction uses, applied to bytes.
 */
export function findPersonalData(dump: Minidump, bytes: Buffer, identity: KnownIdentity = {}): PersonalDataFinding[] {
  const findings = new Findings();
  scanText(dump.modules.map((module) => module.path).join('\n'), 'module paths', identity, findings);

  const environment = dump.linux?.environment ?? {};
  for (const [name, value] of Object.entries(environment)) {
    if (USER_VARIABLES.includes(name) && !isSharedProfile(value)) findings.add('user-name', 'environment', value);
    if (HOST_VARIABLES.includes(name)) findings.add('host-name', 'environment', value);
    if (HOME_VARIABLES.includes(name) && value !== '/root') findings.add('home-folder', 'environment', value);
  }
  scanText(
    Object.entries(environment)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
    'environment',
    identity,
    findings,
  );
  scanText((dump.linux?.commandLine ?? []).join(' '), 'command line', identity, findings);
  if (dump.crashpad !== undefined) {
    const { simpleAnnotations, moduleSimpleAnnotations, moduleAnnotationObjects, moduleListAnnotations } = dump.crashpad;
    const annotationText = [simpleAnnotations, moduleSimpleAnnotations, moduleAnnotationObjects]
      .flatMap((annotations) => Object.values(annotations))
      .concat(moduleListAnnotations)
      .join('\n');
    scanText(annotationText, 'annotations', identity, findings);
  }

  let budget = MAX_SCANNED_MEMORY_BYTES;
  for (const region of dump.memory) {
    if (budget <= 0) break;
    const length = Math.min(region.sizeBytes, budget);
    budget -= length;
    const memory = bytes.subarray(region.rva, region.rva + length);
    // Strings in memory are 8-bit (UTF-8, Latin-1) or UTF-16LE (Windows): look at both views.
    scanText(memory.toString('latin1'), 'memory', identity, findings);
    scanText(memory.toString('utf16le'), 'memory', identity, findings);
  }
  return findings.list();
}
