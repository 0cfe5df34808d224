/**
 * Append-only typed columns for the symbol index builder: a symbol file of hundreds of megabytes
 * becomes a few compact arrays rather than millions of objects.
 */
export class GrowableFloat64 {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  at(index: number): number {
    return this.data[index] ?? 0;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }
}

export class GrowableUint32 {
  private data = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  at(index: number): number {
    return this.data[index] ?? 0;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }
}

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
}
