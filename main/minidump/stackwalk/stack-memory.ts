/** A thread's stack as the dump holds it: reads of pointer-sized values by address, nothing outside it. */
export class StackMemory {
  private readonly view: DataView;
  readonly end: bigint;

  constructor(
    readonly base: bigint,
    bytes: Uint8Array,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    this.end = base + BigInt(bytes.length);
  }

  /** The little-endian value of `widthBytes` bytes at `address`, or undefined outside the stack. */
  read(address: bigint, widthBytes: 4 | 8): bigint | undefined {
    if (address < this.base || address + BigInt(widthBytes) > this.end) return undefined;
    const offset = Number(address - this.base);
    return widthBytes === 4 ? BigInt(this.view.getUint32(offset, true)) : this.view.getBigUint64(offset, true);
  }
}
