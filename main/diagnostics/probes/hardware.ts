import { statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Gpu, HardwareInfo } from '../../../contract/diagnostics';
import type { ProbeContext } from '../probe-context';
import { linuxHardware } from './hardware-linux';

/** Free space where Candor keeps its data; the folder may not exist yet, so its nearest existing parent counts. */
async function volumeOf(folder: string): Promise<{ bavail: number; bsize: number; blocks: number } | undefined> {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    try {
      return await statfs(current);
    } catch {
      if (path.dirname(current) === current) return undefined;
    }
  }
}

/**
 * CPU, memory, GPUs, system model and free space. On Linux from /proc and /sys; elsewhere from
 * targeted systeminformation calls (never `versions()` or `getStaticData()`). Serial numbers and
 * UUIDs are left out on purpose.
 */
export async function probeHardware(context: ProbeContext): Promise<HardwareInfo> {
  const [machine, volume] = await Promise.all([
    context.platform === 'linux' ? linuxHardware() : hardwareFromSysteminformation(),
    volumeOf(context.dataDir),
  ]);
  const info: HardwareInfo = { ...machine };
  if (volume !== undefined) {
    info.dataVolume = { freeBytes: volume.bavail * volume.bsize, totalBytes: volume.blocks * volume.bsize };
  }
  return info;
}

async function hardwareFromSysteminformation(): Promise<Omit<HardwareInfo, 'dataVolume'>> {
  // Loaded only where it is used, and after the other probes' commands have started.
  const si = await import('systeminformation');
  const [cpu, graphics, system] = await Promise.all([si.cpu(), si.graphics(), si.system()]);
  const gpus: Gpu[] = graphics.controllers.map((controller) => {
    const gpu: Gpu = { vendor: controller.vendor, model: controller.model };
    if (controller.driverVersion) gpu.driverVersion = controller.driverVersion;
    if (typeof controller.vram === 'number' && controller.vram > 0) gpu.vramMB = controller.vram;
    return gpu;
  });
  return {
    cpu: {
      brand: cpu.brand,
      manufacturer: cpu.manufacturer,
      cores: cpu.cores,
      physicalCores: cpu.physicalCores,
      speedGHz: cpu.speed || (os.cpus()[0]?.speed ?? 0) / 1000,
    },
    memory: { totalBytes: os.totalmem() },
    gpus,
    system: { manufacturer: system.manufacturer, model: system.model, virtual: system.virtual },
  };
}
