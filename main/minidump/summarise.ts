import type { MinidumpSummary } from '../../contract/minidump';
import { findPersonalData, type KnownIdentity } from './personal-data';
import type { Minidump } from './read-minidump';

const hex = (value: number | bigint): string => `0x${value.toString(16)}`;

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** What crashed, where, on which system, what the dump carries, and whose data is in it. */
export function summariseMinidump(dump: Minidump, bytes: Buffer, identity: KnownIdentity = {}): MinidumpSummary {
  const first = dump.modules[0];
  const annotations = {
    ...dump.crashpad?.moduleSimpleAnnotations,
    ...dump.crashpad?.moduleAnnotationObjects,
    ...dump.crashpad?.simpleAnnotations,
  };
  const program = first === undefined ? 'A program' : baseName(first.path);
  const what = dump.exception === undefined ? 'stopped' : `crashed with ${dump.exception.name ?? hex(dump.exception.code)}`;
  const where = dump.system === undefined ? '' : ` on ${dump.system.platform} ${dump.system.osVersion}`;
  const summary: MinidumpSummary = {
    headline: `${program} ${what}${where}`,
    sizeBytes: dump.sizeBytes,
    producer:
      dump.crashpad !== undefined
        ? 'Crashpad'
        : dump.streams.some((stream) => stream.name === 'BreakpadInfo' || stream.name.startsWith('Linux'))
          ? 'Breakpad'
          : 'unknown',
    writtenAt: dump.timeDateStamp.toISOString(),
    process: {},
    threads: { count: dump.threads.length, stackBytes: dump.threads.reduce((total, thread) => total + thread.stack.sizeBytes, 0) },
    modules: {
      count: dump.modules.length,
      list: dump.modules.map((module) => ({
        path: module.path,
        ...(module.version === undefined ? {} : { version: module.version }),
        ...(module.codeId === undefined ? {} : { codeId: module.codeId }),
        ...(module.debugId === undefined ? {} : { debugId: module.debugId }),
      })),
    },
    memory: { regionCount: dump.memory.length, bytes: dump.memory.reduce((total, region) => total + region.sizeBytes, 0) },
    annotations,
    listAnnotations: dump.crashpad?.moduleListAnnotations ?? [],
    opaqueAnnotations: dump.crashpad?.opaqueAnnotationObjects ?? [],
    streams: dump.streams.map((stream) => stream.name),
    personalData: findPersonalData(dump, bytes, identity),
  };
  if (first !== undefined) summary.modules.first = first.path;
  if (dump.system !== undefined) {
    summary.os = { platform: dump.system.platform, version: dump.system.osVersion, build: dump.system.csdVersion };
    summary.cpu = { arch: dump.system.cpuArch, count: dump.system.cpuCount };
  }
  if (dump.exception !== undefined) {
    summary.exception = {
      code: hex(dump.exception.code),
      ...(dump.exception.name === undefined ? {} : { name: dump.exception.name }),
      address: hex(dump.exception.address),
      threadId: dump.exception.threadId,
    };
  }
  if (dump.process?.id !== undefined) summary.process.id = dump.process.id;
  if (dump.linux?.commandLine !== undefined) summary.process.commandLine = dump.linux.commandLine;
  if (dump.linux?.environment !== undefined) summary.environment = dump.linux.environment;
  if (dump.crashpad !== undefined) summary.crashpad = { reportId: dump.crashpad.reportId, clientId: dump.crashpad.clientId };
  if (dump.assertion !== undefined) summary.assertion = dump.assertion;
  return summary;
}
