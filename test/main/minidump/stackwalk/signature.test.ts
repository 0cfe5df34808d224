import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StackFrameRow } from '../../../../contract/stackwalk';
import { readMinidump } from '../../../../main/minidump/read-minidump';
import { frameRows } from '../../../../main/minidump/stackwalk/frame-rows';
import { frameSignature, MAX_SIGNATURE_CHARS } from '../../../../main/minidump/stackwalk/signature';
import { walkMinidump } from '../../../../main/minidump/stackwalk/walk-minidump';
import { fixtureSymbols } from '../../../helpers/fixture-symbols';
import { fixturePath } from '../../../helpers/fixtures';

const fn = (name: string, module = 'app'): StackFrameRow => ({ module, moduleOffset: '0x10', function: name, trust: 'cfi' });
const bare = (module: string, offset: string): StackFrameRow => ({ module, moduleOffset: offset, trust: 'scan' });

describe('crash signatures from frames', () => {
  it('names the first frame that is not crash reporting, keeping common functions before it', () => {
    expect(frameSignature([fn('raise'), fn('abort'), fn('free'), fn('Document::Destroy'), fn('main')])).toBe('free | Document::Destroy');
    expect(frameSignature([fn('KiUserExceptionDispatcher'), fn('RtlAllocateHeap'), fn('malloc'), fn('Parser::Grow(unsigned int)')])).toBe(
      'RtlAllocateHeap | malloc | Parser::Grow(unsigned int)',
    );
    expect(
      frameSignature([
        fn('google_breakpad::ExceptionHandler::WriteMinidump'),
        fn('crashpad::CrashpadClient::DumpAndCrash'),
        fn('App::Run'),
      ]),
    ).toBe('App::Run');
  });

  it('uses the module alone for a frame without symbols, so builds with different offsets group together', () => {
    expect(frameSignature([bare('libGLESv2.dll', '0x1234'), fn('Render')])).toBe('libGLESv2.dll');
    expect(frameSignature([bare('libGLESv2.dll', '0x9876')])).toBe(frameSignature([bare('libGLESv2.dll', '0x1234')]));
    expect(frameSignature([{ address: '0xdead', trust: 'scan' }])).toBe('@0xdead');
  });

  it('drops Rust hash suffixes and collapses whitespace; cuts very long signatures', () => {
    expect(frameSignature([fn('app::render::h0123456789abcdef')])).toBe('app::render');
    expect(frameSignature([fn('std::vector<int,  std::allocator<int> >::push_back')])).toBe(
      'std::vector<int, std::allocator<int> >::push_back',
    );
    expect(frameSignature(Array.from({ length: 40 }, () => fn('malloc')))?.length).toBeLessThanOrEqual(MAX_SIGNATURE_CHARS);
    expect(frameSignature([])).toBeUndefined();
    expect(frameSignature([fn('abort')])).toBe('abort');
  });

  it('signs the fixture crashes by function with symbols, by module without', () => {
    const withSymbols = fixtureSymbols();
    const sign = (dumpName: string, symbolicate: boolean): string | undefined => {
      const bytes = readFileSync(fixturePath('minidumps', dumpName));
      const walked = walkMinidump(readMinidump(bytes), bytes, symbolicate ? withSymbols : () => undefined);
      return frameSignature(frameRows(walked.threads[walked.crashingThread ?? 0]?.frames ?? []));
    };
    expect(sign('rust-minidump_pipeline-inlines-macos-segv.dmp', true)).toBe('core::ptr::write_volatile::<u8>');
    expect(sign('breakpad_minidump2.dmp', true)).toBe("`anonymous namespace'::CrashFunction");
    expect(sign('breakpad_minidump2.dmp', false)).toBe('test_app.exe');
  });
});
