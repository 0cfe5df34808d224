import type { MinidumpModule } from '../read-minidump';

/** The dump's modules sorted by load address, for finding the one an address falls in. */
export class ModuleMap {
  private readonly sorted: MinidumpModule[];

  constructor(modules: readonly MinidumpModule[]) {
    this.sorted = [...modules].filter((module) => module.sizeBytes > 0).sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  }

  at(address: bigint): MinidumpModule | undefined {
    let low = 0;
    let high = this.sorted.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const module = this.sorted[middle];
      if (module === undefined) return undefined;
      if (address < module.base) high = middle - 1;
      else if (address >= module.base + BigInt(module.sizeBytes)) low = middle + 1;
      else return module;
    }
    return undefined;
  }

  /** One past the highest address any module covers. */
  get highestEnd(): bigint {
    const last = this.sorted.at(-1);
    return last === undefined ? 0n : last.base + BigInt(last.sizeBytes);
  }
}

/** The file name of a module's path, Windows or POSIX. */
export function moduleName(module: MinidumpModule): string {
  return module.path.split(/[\\/]/).pop() ?? module.path;
}
