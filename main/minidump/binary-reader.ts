/** A minidump that cannot be read: the message says what is wrong and where. */
export class MinidumpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MinidumpError';
  }
}

/**
 * Little-endian reads over a buffer where every offset and length is checked first, so a
 * truncated or hostile file ends in a MinidumpError, never in a RangeError or a huge allocation.
 */
export class BinaryReader {
  constructor(readonly bytes: Buffer) {}

  get size(): number {
    return this.bytes.length;
  }

  /** Throws unless [offset, offset + length) lies inside the file. */
  check(offset: number, length: number, what: string): void {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.bytes.length) {
      throw new MinidumpError(
        `corrupt or truncated minidump: ${what} at offset ${offset} (${length} bytes) lies outside the ${this.bytes.length}-byte file`,
      );
    }
  }

  u8(offset: number, what: string): number {
    this.check(offset, 1, what);
    return this.bytes.readUInt8(offset);
  }

  u16(offset: number, what: string): number {
    this.check(offset, 2, what);
    return this.bytes.readUInt16LE(offset);
  }

  u32(offset: number, what: string): number {
    this.check(offset, 4, what);
    return this.bytes.readUInt32LE(offset);
  }

  u64(offset: number, what: string): bigint {
    this.check(offset, 8, what);
    return this.bytes.readBigUInt64LE(offset);
  }

  slice(offset: number, length: number, what: string): Buffer {
    this.check(offset, length, what);
    return this.bytes.subarray(offset, offset + length);
  }

  /** A MINIDUMP_STRING: a 32-bit byte length, then UTF-16LE. */
  utf16String(rva: number, what: string, maxBytes = 64 * 1024): string {
    const length = this.u32(rva, `${what} length`);
    if (length > maxBytes || length % 2 !== 0) throw new MinidumpError(`corrupt minidump: ${what} at offset ${rva} claims ${length} bytes`);
    return this.slice(rva + 4, length, what).toString('utf16le');
  }

  /** A Crashpad MinidumpUTF8String: a 32-bit byte length, then UTF-8. */
  utf8String(rva: number, what: string, maxBytes = 1024 * 1024): string {
    const length = this.u32(rva, `${what} length`);
    if (length > maxBytes) throw new MinidumpError(`corrupt minidump: ${what} at offset ${rva} claims ${length} bytes`);
    return this.slice(rva + 4, length, what).toString('utf8');
  }

  /** A GUID in its registry form (Data1, Data2, Data3 little-endian; Data4 as bytes). */
  guid(offset: number, what: string): string {
    const bytes = this.slice(offset, 16, what);
    const hex = (buffer: Buffer): string => buffer.toString('hex');
    const reversed = (start: number, end: number): string => hex(Buffer.from(bytes.subarray(start, end)).reverse());
    return `${reversed(0, 4)}-${reversed(4, 6)}-${reversed(6, 8)}-${hex(bytes.subarray(8, 10))}-${hex(bytes.subarray(10, 16))}`;
  }
}
