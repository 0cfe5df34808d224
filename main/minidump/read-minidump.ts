import { BinaryReader, MinidumpError } from './binary-reader';
import { exceptionName } from './exception-names';
import { CPU_ARCHITECTURES, PLATFORMS, STREAM_TYPE, streamTypeName } from './stream-types';

const SIGNATURE = 0x504d444d; // 'MDMP'
const HEADER_BYTES = 32;
const DIRECTORY_ENTRY_BYTES = 12;
const THREAD_BYTES = 48;
const MODULE_BYTES = 108;
const MEMORY_DESCRIPTOR_BYTES = 16;
/** Real dumps have a few dozen streams; a header claiming more is corrupt or hostile. */
const MAX_STREAMS = 4096;
/** Crashpad annotation tables are small; anything larger is not worth reading. */
const MAX_ANNOTATIONS = 4096;

export interface StreamEntry {
  type: number;
  name: string;
  sizeBytes: number;
  rva: number;
}

export interface MemoryRegion {
  start: bigint;
  sizeBytes: number;
  rva: number;
}

/** Where a CPU context lies in the file (MINIDUMP_LOCATION_DESCRIPTOR). */
export interface ContextLocation {
  sizeBytes: number;
  rva: number;
}

export interface MinidumpThread {
  id: number;
  stack: MemoryRegion;
  context?: ContextLocation;
}

export interface MinidumpModule {
  base: bigint;
  sizeBytes: number;
  path: string;
  version?: string;
  /** What symbol servers index the module by: PE timestamp+size, ELF build id, or Mach-O UUID. */
  codeId?: string;
  debugId?: string;
  debugFile?: string;
}

export interface CrashpadInfo {
  reportId: string;
  clientId: string;
  simpleAnnotations: Record<string, string>;
  moduleSimpleAnnotations: Record<string, string>;
  moduleListAnnotations: string[];
  /** Annotation objects of string type. */
  moduleAnnotationObjects: Record<string, string>;
  /** Annotation objects of other types, which are opaque bytes: named with their type and size. */
  opaqueAnnotationObjects: string[];
}

export interface Minidump {
  sizeBytes: number;
  version: number;
  timeDateStamp: Date;
  flags: bigint;
  streams: StreamEntry[];
  system?: {
    platform: string;
    osVersion: string;
    csdVersion: string;
    cpuArch: string;
    cpuCount: number;
  };
  process?: { id?: number; createdAt?: Date };
  exception?: { threadId: number; code: number; name?: string; address: bigint; context?: ContextLocation };
  /** Breakpad's own note of which thread wrote the dump (not worth walking) and which asked for it. */
  breakpad?: { dumpThreadId?: number; requestingThreadId?: number };
  threads: MinidumpThread[];
  modules: MinidumpModule[];
  /** Raw memory the dump carries: MemoryList and Memory64List regions. */
  memory: MemoryRegion[];
  crashpad?: CrashpadInfo;
  linux?: { commandLine?: string[]; environment?: Record<string, string>; lsbRelease?: string };
  assertion?: { expression: string; function: string; file: string; line: number };
}

/**
 * Reads a minidump from its bytes: the streams a support engineer and a privacy-minded user
 * care about. Unknown streams are listed, not read. Throws MinidumpError for anything that is
 * not a well-formed minidump.
 */
export function readMinidump(bytes: Buffer): Minidump {
  const reader = new BinaryReader(bytes);
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== SIGNATURE) {
    throw new MinidumpError('not a minidump: the file does not start with the MDMP signature');
  }
  if (bytes.length < HEADER_BYTES)
    throw new MinidumpError(`truncated minidump: ${bytes.length} bytes, the header alone needs ${HEADER_BYTES}`);
  const version = reader.u32(4, 'header version');
  const streamCount = reader.u32(8, 'stream count');
  const directoryRva = reader.u32(12, 'stream directory offset');
  if (streamCount > MAX_STREAMS)
    throw new MinidumpError(`corrupt minidump: the header claims ${streamCount} streams (at most ${MAX_STREAMS} are read)`);
  reader.check(directoryRva, streamCount * DIRECTORY_ENTRY_BYTES, `stream directory of ${streamCount} entries`);

  const streams: StreamEntry[] = [];
  for (let index = 0; index < streamCount; index++) {
    const at = directoryRva + index * DIRECTORY_ENTRY_BYTES;
    const type = reader.u32(at, 'stream type');
    const sizeBytes = reader.u32(at + 4, 'stream size');
    const rva = reader.u32(at + 8, 'stream offset');
    if (type !== STREAM_TYPE.Unused) reader.check(rva, sizeBytes, `${streamTypeName(type)} stream`);
    streams.push({ type, name: streamTypeName(type), sizeBytes, rva });
  }
  const find = (type: number): StreamEntry | undefined => streams.find((stream) => stream.type === type);

  const dump: Minidump = {
    sizeBytes: bytes.length,
    version,
    timeDateStamp: new Date(reader.u32(20, 'timestamp') * 1000),
    flags: reader.u64(24, 'flags'),
    streams,
    threads: [],
    modules: [],
    memory: [],
  };

  const systemStream = find(STREAM_TYPE.SystemInfo);
  if (systemStream !== undefined) dump.system = readSystemInfo(reader, systemStream);
  const miscStream = find(STREAM_TYPE.MiscInfo);
  if (miscStream !== undefined) dump.process = readMiscInfo(reader, miscStream);
  const exceptionStream = find(STREAM_TYPE.Exception);
  if (exceptionStream !== undefined) dump.exception = readException(reader, exceptionStream, dump.system?.platform);
  const threadStream = find(STREAM_TYPE.ThreadList);
  if (threadStream !== undefined) dump.threads = readThreads(reader, threadStream);
  const moduleStream = find(STREAM_TYPE.ModuleList);
  if (moduleStream !== undefined) dump.modules = readModules(reader, moduleStream);
  const memoryStream = find(STREAM_TYPE.MemoryList);
  if (memoryStream !== undefined) dump.memory.push(...readMemoryList(reader, memoryStream));
  const memory64Stream = find(STREAM_TYPE.Memory64List);
  if (memory64Stream !== undefined) dump.memory.push(...readMemory64List(reader, memory64Stream));
  const crashpadStream = find(STREAM_TYPE.CrashpadInfo);
  if (crashpadStream !== undefined) dump.crashpad = readCrashpadInfo(reader, crashpadStream);
  const breakpadStream = find(STREAM_TYPE.BreakpadInfo);
  if (breakpadStream !== undefined) dump.breakpad = readBreakpadInfo(reader, breakpadStream);
  const assertionStream = find(STREAM_TYPE.AssertionInfo);
  if (assertionStream !== undefined) dump.assertion = readAssertion(reader, assertionStream);
  const linux = readLinuxStreams(reader, find);
  if (linux !== undefined) dump.linux = linux;
  return dump;
}

/**
 * How many fixed-size entries follow a 32-bit count. Breakpad pads the count to 8 bytes on
 * some platforms; the stream size tells which layout was written.
 */
function listLayout(reader: BinaryReader, stream: StreamEntry, entryBytes: number, what: string): { count: number; first: number } {
  const count = reader.u32(stream.rva, `${what} count`);
  if (count > Math.floor(stream.sizeBytes / entryBytes)) {
    throw new MinidumpError(
      `corrupt minidump: ${what} claims ${count} entries but its ${stream.sizeBytes}-byte stream holds at most ${Math.floor(stream.sizeBytes / entryBytes)}`,
    );
  }
  const padded = stream.sizeBytes === 8 + count * entryBytes;
  return { count, first: stream.rva + (padded ? 8 : 4) };
}

function readSystemInfo(reader: BinaryReader, stream: StreamEntry): NonNullable<Minidump['system']> {
  const at = stream.rva;
  reader.check(at, 32, 'SystemInfo stream');
  const arch = reader.u16(at, 'processor architecture');
  const cpuCount = reader.u8(at + 6, 'processor count');
  const major = reader.u32(at + 8, 'OS major version');
  const minor = reader.u32(at + 12, 'OS minor version');
  const build = reader.u32(at + 16, 'OS build');
  const platformId = reader.u32(at + 20, 'platform id');
  const csdRva = reader.u32(at + 24, 'service pack string offset');
  return {
    platform: PLATFORMS[platformId] ?? `platform 0x${platformId.toString(16)}`,
    osVersion: `${major}.${minor}.${build}`,
    csdVersion: csdRva === 0 ? '' : reader.utf16String(csdRva, 'service pack string'),
    cpuArch: CPU_ARCHITECTURES[arch] ?? `architecture 0x${arch.toString(16)}`,
    cpuCount,
  };
}

function readMiscInfo(reader: BinaryReader, stream: StreamEntry): NonNullable<Minidump['process']> {
  if (stream.sizeBytes < 24) return {};
  const flags = reader.u32(stream.rva + 4, 'MiscInfo flags');
  const info: NonNullable<Minidump['process']> = {};
  if ((flags & 0x1) !== 0) info.id = reader.u32(stream.rva + 8, 'process id');
  if ((flags & 0x2) !== 0) info.createdAt = new Date(reader.u32(stream.rva + 12, 'process creation time') * 1000);
  return info;
}

function readException(reader: BinaryReader, stream: StreamEntry, platform: string | undefined): NonNullable<Minidump['exception']> {
  reader.check(stream.rva, 32, 'Exception stream');
  const code = reader.u32(stream.rva + 8, 'exception code');
  const name = exceptionName(platform, code);
  // MINIDUMP_EXCEPTION_STREAM: thread id, alignment, a 152-byte MINIDUMP_EXCEPTION, then the context's location.
  const context = stream.sizeBytes >= 168 ? readContextLocation(reader, stream.rva + 160, 'exception context') : undefined;
  return {
    threadId: reader.u32(stream.rva, 'exception thread id'),
    code,
    ...(name === undefined ? {} : { name }),
    address: reader.u64(stream.rva + 24, 'exception address'),
    ...(context === undefined ? {} : { context }),
  };
}

/** A context location, or none when it is empty or lies outside the file (a damaged context is not fatal). */
function readContextLocation(reader: BinaryReader, at: number, what: string): ContextLocation | undefined {
  const sizeBytes = reader.u32(at, `${what} size`);
  const rva = reader.u32(at + 4, `${what} offset`);
  if (sizeBytes === 0 || rva === 0 || rva + sizeBytes > reader.size) return undefined;
  return { sizeBytes, rva };
}

function readBreakpadInfo(reader: BinaryReader, stream: StreamEntry): NonNullable<Minidump['breakpad']> {
  if (stream.sizeBytes < 12) return {};
  const validity = reader.u32(stream.rva, 'Breakpad info validity');
  const info: NonNullable<Minidump['breakpad']> = {};
  if ((validity & 0x1) !== 0) info.dumpThreadId = reader.u32(stream.rva + 4, 'dump thread id');
  if ((validity & 0x2) !== 0) info.requestingThreadId = reader.u32(stream.rva + 8, 'requesting thread id');
  return info;
}

function readThreads(reader: BinaryReader, stream: StreamEntry): MinidumpThread[] {
  const { count, first } = listLayout(reader, stream, THREAD_BYTES, 'ThreadList');
  const threads: MinidumpThread[] = [];
  for (let index = 0; index < count; index++) {
    const at = first + index * THREAD_BYTES;
    const context = readContextLocation(reader, at + 40, 'thread context');
    threads.push({
      id: reader.u32(at, 'thread id'),
      stack: readMemoryDescriptor(reader, at + 24, 'thread stack'),
      ...(context === undefined ? {} : { context }),
    });
  }
  return threads;
}

function readMemoryDescriptor(reader: BinaryReader, at: number, what: string): MemoryRegion {
  const start = reader.u64(at, `${what} address`);
  const sizeBytes = reader.u32(at + 8, `${what} size`);
  const rva = reader.u32(at + 12, `${what} offset`);
  reader.check(rva, sizeBytes, what);
  return { start, sizeBytes, rva };
}

function readMemoryList(reader: BinaryReader, stream: StreamEntry): MemoryRegion[] {
  const { count, first } = listLayout(reader, stream, MEMORY_DESCRIPTOR_BYTES, 'MemoryList');
  const regions: MemoryRegion[] = [];
  for (let index = 0; index < count; index++) {
    regions.push(readMemoryDescriptor(reader, first + index * MEMORY_DESCRIPTOR_BYTES, 'memory region'));
  }
  return regions;
}

function readMemory64List(reader: BinaryReader, stream: StreamEntry): MemoryRegion[] {
  const count = reader.u64(stream.rva, 'Memory64List count');
  const baseRva = reader.u64(stream.rva + 8, 'Memory64List data offset');
  if (count > BigInt(Math.floor(stream.sizeBytes / MEMORY_DESCRIPTOR_BYTES))) {
    throw new MinidumpError(`corrupt minidump: Memory64List claims ${count} regions in a ${stream.sizeBytes}-byte stream`);
  }
  const regions: MemoryRegion[] = [];
  let rva = Number(baseRva);
  for (let index = 0; index < Number(count); index++) {
    const at = stream.rva + 16 + index * MEMORY_DESCRIPTOR_BYTES;
    const start = reader.u64(at, 'memory64 region address');
    const size = reader.u64(at + 8, 'memory64 region size');
    if (size > BigInt(reader.size)) throw new MinidumpError(`corrupt minidump: a Memory64List region claims ${size} bytes`);
    reader.check(rva, Number(size), 'memory64 region');
    regions.push({ start, sizeBytes: Number(size), rva });
    rva += Number(size);
  }
  return regions;
}

function readModules(reader: BinaryReader, stream: StreamEntry): MinidumpModule[] {
  const { count, first } = listLayout(reader, stream, MODULE_BYTES, 'ModuleList');
  const modules: MinidumpModule[] = [];
  for (let index = 0; index < count; index++) {
    const at = first + index * MODULE_BYTES;
    const module: MinidumpModule = {
      base: reader.u64(at, 'module base'),
      sizeBytes: reader.u32(at + 8, 'module size'),
      path: reader.utf16String(reader.u32(at + 20, 'module name offset'), 'module name'),
    };
    const version = fixedFileVersion(reader, at + 24);
    if (version !== undefined) module.version = version;
    const timeDateStamp = reader.u32(at + 16, 'module timestamp');
    Object.assign(module, readCodeView(reader, at + 76, module, timeDateStamp));
    modules.push(module);
  }
  return modules;
}

/** VS_FIXEDFILEINFO's file version, when the module has one (signature 0xfeef04bd). */
function fixedFileVersion(reader: BinaryReader, at: number): string | undefined {
  if (reader.u32(at, 'version signature') !== 0xfeef04bd) return undefined;
  const ms = reader.u32(at + 8, 'file version');
  const ls = reader.u32(at + 12, 'file version');
  if (ms === 0 && ls === 0) return undefined;
  return `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
}

function readCodeView(reader: BinaryReader, at: number, module: MinidumpModule, timeDateStamp: number): Partial<MinidumpModule> {
  const size = reader.u32(at, 'CodeView record size');
  const rva = reader.u32(at + 4, 'CodeView record offset');
  const ids: Partial<MinidumpModule> = {};
  if (timeDateStamp !== 0) ids.codeId = `${timeDateStamp.toString(16).toUpperCase().padStart(8, '0')}${module.sizeBytes.toString(16)}`;
  if (size < 4 || rva === 0) return ids;
  reader.check(rva, size, 'CodeView record');
  const signature = reader.u32(rva, 'CodeView signature');
  if (signature === 0x53445352 && size >= 24) {
    // 'RSDS': PDB 7.0 (Windows) and Breakpad's Mach-O records: GUID, age, file name.
    const guid = reader
      .guid(rva + 4, 'CodeView GUID')
      .replace(/-/g, '')
      .toUpperCase();
    ids.debugId = `${guid}${reader
      .u32(rva + 20, 'CodeView age')
      .toString(16)
      .toUpperCase()}`;
    ids.debugFile = reader
      .slice(rva + 24, size - 24, 'CodeView file name')
      .toString('utf8')
      .replace(/\0.*$/s, '');
  } else if (signature === 0x4270454c) {
    // 'BpEL': Breakpad's ELF build id.
    ids.codeId = reader.slice(rva + 4, size - 4, 'ELF build id').toString('hex');
  }
  return ids;
}

function readAssertion(reader: BinaryReader, stream: StreamEntry): NonNullable<Minidump['assertion']> {
  // MDRawAssertionInfo: three 128-UTF-16-unit strings, file line, type.
  reader.check(stream.rva, 3 * 256 + 8, 'AssertionInfo stream');
  const text = (offset: number): string =>
    reader
      .slice(stream.rva + offset, 256, 'assertion text')
      .toString('utf16le')
      .replace(/\0.*$/s, '');
  return { expression: text(0), function: text(256), file: text(512), line: reader.u32(stream.rva + 768, 'assertion line') };
}

function readDictionary(reader: BinaryReader, dataSize: number, rva: number, what: string): Record<string, string> {
  const dictionary: Record<string, string> = {};
  if (dataSize === 0 || rva === 0) return dictionary;
  const count = reader.u32(rva, `${what} count`);
  if (count > MAX_ANNOTATIONS || count * 8 + 4 > dataSize)
    throw new MinidumpError(`corrupt minidump: ${what} claims ${count} entries in ${dataSize} bytes`);
  for (let index = 0; index < count; index++) {
    const key = reader.utf8String(reader.u32(rva + 4 + index * 8, `${what} key`), `${what} key`);
    const value = reader.utf8String(reader.u32(rva + 8 + index * 8, `${what} value`), `${what} value`);
    Object.defineProperty(dictionary, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return dictionary;
}

function readCrashpadInfo(reader: BinaryReader, stream: StreamEntry): CrashpadInfo {
  reader.check(stream.rva, 52, 'CrashpadInfo stream');
  const info: CrashpadInfo = {
    reportId: reader.guid(stream.rva + 4, 'report id'),
    clientId: reader.guid(stream.rva + 20, 'client id'),
    simpleAnnotations: readDictionary(
      reader,
      reader.u32(stream.rva + 36, 'annotations size'),
      reader.u32(stream.rva + 40, 'annotations offset'),
      'simple annotations',
    ),
    moduleSimpleAnnotations: {},
    moduleListAnnotations: [],
    moduleAnnotationObjects: {},
    opaqueAnnotationObjects: [],
  };
  const listSize = reader.u32(stream.rva + 44, 'module info list size');
  const listRva = reader.u32(stream.rva + 48, 'module info list offset');
  if (listSize === 0 || listRva === 0) return info;
  const count = reader.u32(listRva, 'module info count');
  if (count > MAX_ANNOTATIONS || 4 + count * 12 > listSize)
    throw new MinidumpError(`corrupt minidump: Crashpad module list claims ${count} entries in ${listSize} bytes`);
  for (let index = 0; index < count; index++) {
    const link = listRva + 4 + index * 12;
    const moduleSize = reader.u32(link + 4, 'module info size');
    const moduleRva = reader.u32(link + 8, 'module info offset');
    reader.check(moduleRva, Math.max(moduleSize, 28), 'Crashpad module info');
    // MinidumpModuleCrashpadInfo: version, list_annotations, simple_annotations, annotation_objects.
    const listAnnotationsSize = reader.u32(moduleRva + 4, 'list annotations size');
    const listAnnotationsRva = reader.u32(moduleRva + 8, 'list annotations offset');
    if (listAnnotationsSize > 0 && listAnnotationsRva !== 0) {
      const entries = reader.u32(listAnnotationsRva, 'list annotations count');
      if (entries > MAX_ANNOTATIONS || 4 + entries * 4 > listAnnotationsSize)
        throw new MinidumpError(`corrupt minidump: list annotations claim ${entries} entries`);
      for (let entry = 0; entry < entries; entry++) {
        info.moduleListAnnotations.push(
          reader.utf8String(reader.u32(listAnnotationsRva + 4 + entry * 4, 'list annotation'), 'list annotation'),
        );
      }
    }
    Object.assign(
      info.moduleSimpleAnnotations,
      readDictionary(
        reader,
        reader.u32(moduleRva + 12, 'module annotations size'),
        reader.u32(moduleRva + 16, 'module annotations offset'),
        'module annotations',
      ),
    );
    if (moduleSize >= 28) readAnnotationObjects(reader, moduleRva + 20, info);
  }
  return info;
}

/** MinidumpAnnotationList: name, type (1 = string) and value of each annotation object. */
function readAnnotationObjects(reader: BinaryReader, locationAt: number, into: CrashpadInfo): void {
  const size = reader.u32(locationAt, 'annotation objects size');
  const rva = reader.u32(locationAt + 4, 'annotation objects offset');
  if (size === 0 || rva === 0) return;
  const count = reader.u32(rva, 'annotation objects count');
  if (count > MAX_ANNOTATIONS || 4 + count * 12 > size)
    throw new MinidumpError(`corrupt minidump: annotation objects claim ${count} entries in ${size} bytes`);
  for (let index = 0; index < count; index++) {
    const at = rva + 4 + index * 12;
    const name = reader.utf8String(reader.u32(at, 'annotation name'), 'annotation name');
    const type = reader.u16(at + 4, 'annotation type');
    const valueRva = reader.u32(at + 8, 'annotation value');
    const length = reader.u32(valueRva, 'annotation value length');
    const value = reader.slice(valueRva + 4, length, 'annotation value');
    if (type === 1) {
      Object.defineProperty(into.moduleAnnotationObjects, name, {
        value: value.toString('utf8'),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      into.opaqueAnnotationObjects.push(`${name} (${length} bytes of type 0x${type.toString(16)})`);
    }
  }
}

function readLinuxStreams(reader: BinaryReader, find: (type: number) => StreamEntry | undefined): Minidump['linux'] {
  const text = (type: number): string | undefined => {
    const stream = find(type);
    return stream === undefined ? undefined : reader.slice(stream.rva, stream.sizeBytes, streamTypeName(type)).toString('utf8');
  };
  const commandLine = text(STREAM_TYPE.LinuxCmdLine);
  const environment = text(STREAM_TYPE.LinuxEnviron);
  const lsbRelease = text(STREAM_TYPE.LinuxLsbRelease);
  if (commandLine === undefined && environment === undefined && lsbRelease === undefined) return undefined;
  const linux: NonNullable<Minidump['linux']> = {};
  if (commandLine !== undefined) linux.commandLine = commandLine.split('\0').filter((part) => part !== '');
  if (environment !== undefined) {
    linux.environment = {};
    for (const entry of environment.split('\0')) {
      const index = entry.indexOf('=');
      if (index > 0)
        Object.defineProperty(linux.environment, entry.slice(0, index), {
          value: entry.slice(index + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
  }
  if (lsbRelease !== undefined) linux.lsbRelease = lsbRelease;
  return linux;
}
