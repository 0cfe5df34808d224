// Writes build/icon.png (512×512): the app icon the installers use, drawn without any image tool.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const pixels = Buffer.alloc(SIZE * (SIZE * 4 + 1));
const inside = (x, y, radius) => {
  const cx = Math.min(Math.max(x, radius), SIZE - radius);
  const cy = Math.min(Math.max(y, radius), SIZE - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
};
for (let y = 0; y < SIZE; y++) {
  pixels[y * (SIZE * 4 + 1)] = 0; // no filter
  for (let x = 0; x < SIZE; x++) {
    const at = y * (SIZE * 4 + 1) + 1 + x * 4;
    const distance = Math.hypot(x - 240, y - 256);
    const angle = Math.atan2(y - 256, x - 240);
    const ring = distance > 120 && distance < 176 && Math.abs(angle) > 0.75;
    const dot = Math.hypot(x - 330, y - 256) < 30;
    const background = inside(x, y, 110);
    const [r, g, b, a] = ring || dot ? [255, 255, 255, 255] : background ? [11, 87, 208, 255] : [0, 0, 0, 0];
    pixels.set([r, g, b, a], at);
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
writeFileSync(
  new URL('../build/icon.png', import.meta.url),
  Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
