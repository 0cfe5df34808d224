/** An append-only byte buffer that doubles as it fills: an index's sections while they are built in memory. */
export class GrowableBytes {
  private data = new Uint8Array(64 * 1024);
  length = 0;

  append(bytes: Uint8Array): number {
    const at = this.length;
    if (this.length + bytes.length > this.data.length) {
      let size = this.data.length * 2;
      while (size < this.length + bytes.length) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(bytes, this.length);
    this.length += bytes.length;
    return at;
  }

  bytes(): Uint8Array {
    return this.data.subarray(0, this.length);
  }

  /** Empties the buffer, keeping its memory for the next use. */
  clear(): void {
    this.length = 0;
  }
}
