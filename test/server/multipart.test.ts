import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { multipartBody } from '../../main/upload/multipart';
import { sha256Hex } from '../../main/report/build-report';
import { multipartBoundary, MultipartError, parseMultipart } from '../../server/multipart';
import { fixturePath } from '../helpers/fixtures';

describe('parseMultipart', () => {
  it("reads back exactly what the client's builder wrote: names, file names, types and bytes", () => {
    const binary = Buffer.from([0, 13, 10, 45, 45, 255, 13, 10]);
    const { body, contentType } = multipartBody([
      { name: 'report', filename: 'report.json', contentType: 'application/json', bytes: Buffer.from('{"a":1}') },
      { name: 'attachment', filename: 'crash.dmp', contentType: 'application/octet-stream', bytes: binary },
      { name: 'comment', bytes: Buffer.from('zażółć\r\nline two') },
    ]);
    const boundary = multipartBoundary(contentType);
    if (boundary === undefined) throw new Error('no boundary');
    expect(parseMultipart(body, boundary)).toEqual([
      { name: 'report', filename: 'report.json', contentType: 'application/json', bytes: Buffer.from('{"a":1}') },
      { name: 'attachment', filename: 'crash.dmp', contentType: 'application/octet-stream', bytes: binary },
      { name: 'comment', filename: undefined, contentType: undefined, bytes: Buffer.from('zażółć\r\nline two') },
    ]);
  });

  it.each([
    ['electron-1.4.3-mac-renderer_crashpad-upload', 'multipart'],
    ['simple-crashpad-macos_crashpad-upload-gzip', 'multipart.gz'],
  ])('reads the %s upload as Crashpad wrote it', (name, extension) => {
    const expected = JSON.parse(readFileSync(fixturePath('crash-uploads', `${name}.expected.json`), 'utf8')) as {
      content_type: string;
      minidump_sha256: string;
      form_fields_in_wire_order: Record<string, string>;
    };
    const raw = readFileSync(fixturePath('crash-uploads', `${name}.${extension}`));
    const parts = parseMultipart(extension.endsWith('.gz') ? gunzipSync(raw) : raw, multipartBoundary(expected.content_type) ?? '');
    const fields = parts.filter((part) => part.filename === undefined).map((part) => [part.name, part.bytes.toString('utf8')]);
    expect(Object.fromEntries(fields)).toEqual(expected.form_fields_in_wire_order);
    expect(fields.map(([fieldName]) => fieldName)).toEqual(Object.keys(expected.form_fields_in_wire_order));
    const dump = parts.find((part) => part.name === 'upload_file_minidump');
    expect(dump === undefined ? undefined : sha256Hex(dump.bytes)).toBe(expected.minidump_sha256);
  });

  it('refuses every cut of a body short of its closing boundary, and bodies that break the format', () => {
    const { body, contentType } = multipartBody([
      { name: 'report', filename: 'report.json', contentType: 'application/json', bytes: Buffer.from('{"a":1}') },
      { name: 'attachment', filename: 'x.log', bytes: Buffer.from('log text') },
    ]);
    const boundary = multipartBoundary(contentType) ?? '';
    const closing = body.lastIndexOf(`--${boundary}--`);
    for (let cut = 0; cut < closing + boundary.length + 4; cut++)
      expect(() => parseMultipart(body.subarray(0, cut), boundary), `cut at ${cut}`).toThrow(MultipartError);
    const broken = [
      `--${boundary}\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--${boundary}--`,
      `--${boundary}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--${boundary}--`,
      `--${boundary}\r\nContent-Disposition: attachment; name="x"\r\n\r\nnot form-data\r\n--${boundary}--`,
      `--${boundary}\r\nno colon here\r\n\r\nbody\r\n--${boundary}--`,
      `--${boundary}garbage`,
      'no boundary anywhere',
    ];
    for (const text of broken) expect(() => parseMultipart(Buffer.from(text), boundary), text).toThrow(MultipartError);
  });

  it('finds the boundary in the content type, quoted or not, and nothing in another type', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc');
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b;c"')).toBe('a b;c');
    expect(multipartBoundary('multipart/form-data')).toBeUndefined();
    expect(multipartBoundary('application/json; boundary=abc')).toBeUndefined();
    expect(multipartBoundary(`multipart/form-data; boundary=${'x'.repeat(71)}`)).toBeUndefined();
  });
});
