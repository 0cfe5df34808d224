import { access, readdir, readFile, readlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Gpu, HardwareInfo } from '../../../contract/diagnostics';

const PCI_VENDORS: Record<string, string> = {
  '0x10de': 'NVIDIA',
  '0x1002': 'AMD',
  '0x8086': 'Intel',
  '0x1af4': 'Red Hat (virtio)',
  '0x15ad': 'VMware',
  '0x80ee': 'VirtualBox',
  '0x1234': 'QEMU',
  '0x1414': 'Microsoft',
  '0x5143': 'Qualcomm',
  '0x13b5': 'ARM',
};

const VIRTUAL_VENDORS = /qemu|kvm|vmware|virtualbox|innotek|xen|bochs|parallels|microsoft corporation|amazon ec2|google compute/i;

export interface CpuInfo {
  brand: string;
  manufacturer: string;
  physicalCores: number;
  isVirtual: boolean;
}

/** Reads brand, physical cores and the hypervisor flag from `/proc/cpuinfo`. */
export function parseCpuInfo(text: string): CpuInfo {
  const blocks = text.split(/\n\s*\n/).filter((block) => block.trim() !== '');
  const field = (block: string, name: string): string | undefined => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(block)?.[1]?.trim();
  const first = blocks[0] ?? '';
  const brand = field(first, 'model name') ?? field(first, 'Hardware') ?? field(first, 'cpu model') ?? '';
  const vendorId = field(first, 'vendor_id') ?? '';
  const manufacturer = /intel/i.test(vendorId) ? 'Intel' : /amd/i.test(vendorId) ? 'AMD' : vendorId || (brand.split(' ')[0] ?? '');
  const cores = new Set(blocks.map((block) => `${field(block, 'physical id') ?? '0'}:${field(block, 'core id') ?? block}`));
  return {
    brand: brand
      .replace(/\((R|TM)\)/gi, '')
      .replace(/\s+/g, ' ')
      .trim(),
    manufacturer,
    physicalCores: cores.size,
    isVirtual: /\bhypervisor\b/.test(field(first, 'flags') ?? ''),
  };
}

async function readTrimmed(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** GPUs from the DRM class in sysfs: vendor by PCI id, driver and its version, VRAM where the driver tells. */
async function linuxGpus(): Promise<Gpu[]> {
  let cards: string[];
  try {
    cards = (await readdir('/sys/class/drm')).filter((name) => /^card\d+$/.test(name));
  } catch {
    return [];
  }
  return Promise.all(
    cards.map(async (card) => {
      const device = path.join('/sys/class/drm', card, 'device');
      const [vendorId, deviceId, driverLink, vram] = await Promise.all([
        readTrimmed(path.join(device, 'vendor')),
        readTrimmed(path.join(device, 'device')),
        readlink(path.join(device, 'driver')).catch(() => undefined),
        readTrimmed(path.join(device, 'mem_info_vram_total')),
      ]);
      const driver = driverLink === undefined ? undefined : path.basename(driverLink);
      const driverVersion = driver === undefined ? undefined : await readTrimmed(`/sys/module/${driver}/version`);
      const gpu: Gpu = {
        vendor: PCI_VENDORS[vendorId ?? ''] ?? vendorId ?? 'unknown',
        model: `${driver ?? 'unknown driver'} (PCI ${vendorId ?? '?'}:${deviceId ?? '?'})`,
      };
      if (driverVersion !== undefined) gpu.driverVersion = driverVersion;
      if (vram !== undefined && Number(vram) > 0) gpu.vramMB = Math.round(Number(vram) / (1024 * 1024));
      return gpu;
    }),
  );
}

/**
 * Linux hardware from /proc and /sys directly. systeminformation's Linux calls run synchronous
 * shell pipelines that would stall the collector's event loop and every other probe with it.
 */
export async function linuxHardware(): Promise<Omit<HardwareInfo, 'dataVolume'>> {
  const [cpuText, vendor, model, gpus, inContainer] = await Promise.all([
    readFile('/proc/cpuinfo', 'utf8').catch(() => ''),
    readTrimmed('/sys/class/dmi/id/sys_vendor'),
    readTrimmed('/sys/class/dmi/id/product_name'),
    linuxGpus(),
    exists('/.dockerenv'),
  ]);
  const cpu = parseCpuInfo(cpuText);
  const cpus = os.cpus();
  return {
    cpu: {
      brand: cpu.brand || (cpus[0]?.model ?? ''),
      manufacturer: cpu.manufacturer,
      cores: cpus.length,
      physicalCores: cpu.physicalCores || cpus.length,
      speedGHz: (cpus[0]?.speed ?? 0) / 1000,
    },
    memory: { totalBytes: os.totalmem() },
    gpus,
    system: {
      manufacturer: vendor ?? '',
      model: model ?? (inContainer ? 'Docker container' : ''),
      virtual: cpu.isVirtual || inContainer || VIRTUAL_VENDORS.test(`${vendor ?? ''} ${model ?? ''}`),
    },
  };
}
