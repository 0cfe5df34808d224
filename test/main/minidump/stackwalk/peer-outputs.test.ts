import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMinidump } from '../../../../main/minidump/read-minidump';
import { frameRows, type FrameRow } from '../../../../main/minidump/stackwalk/frame-rows';
import { walkMinidump } from '../../../../main/minidump/stackwalk/walk-minidump';
import { fixtureSymbols } from '../../../helpers/fixture-symbols';

/**
 * The walker against rust-minidump's `minidump-stackwalk` on the same dumps and symbols (its
 * snapshot outputs, in ../shared/fixtures/stackwalk/expected): every thread's frames must name
 * the same module, offset, function, file, line and way of finding.
 */
const FIXTURES = '../shared/fixtures';

interface PeerFrame {
  module: string | null;
  module_offset: string | null;
  function: string | null;
  function_offset: string | null;
  file: string | null;
  line: number | null;
  trust: string;
  inlines: { function: string; file: string | null; line: number | null }[] | null;
}

function peerOutput(name: string): { crashing_thread: { threads_index: number }; threads: { frames: PeerFrame[] }[] } {
  const text = readFileSync(`${FIXTURES}/stackwalk/expected/${name}`, 'utf8');
  // The snapshot's four-line header is not the tool's output.
  return JSON.parse(text.split('\n').slice(4).join('\n')) as ReturnType<typeof peerOutput>;
}

const TRUST: Record<string, FrameRow['trust']> = { context: 'context', cfi: 'cfi', frame_pointer: 'frame-pointer', scan: 'scan' };
const hex = (text: string | null): string | undefined => (text === null ? undefined : `0x${BigInt(text).toString(16)}`);

/** The peer's frames as rows: inlined calls (innermost first) before their frame, as the human output prints them. */
function peerRows(frames: PeerFrame[]): Partial<FrameRow>[] {
  return frames.flatMap((frame) => [
    ...(frame.inlines ?? []).map((inline) => ({
      module: frame.module ?? undefined,
      moduleOffset: hex(frame.module_offset),
      function: inline.function,
      file: inline.file ?? undefined,
      line: inline.line ?? undefined,
      trust: 'inline' as const,
    })),
    {
      module: frame.module ?? undefined,
      moduleOffset: hex(frame.module_offset),
      function: frame.function ?? undefined,
      file: frame.file ?? undefined,
      line: frame.line ?? undefined,
      trust: TRUST[frame.trust],
    },
  ]);
}

function comparable(rows: FrameRow[]): Partial<FrameRow>[] {
  return rows.map(({ module, moduleOffset, function: fn, file, line, trust }) => ({
    module,
    moduleOffset,
    function: fn,
    file,
    line,
    trust,
  }));
}

describe.each([
  ['rust-minidump_pipeline-inlines-macos-segv.dmp', 'rust-minidump_macos_inlines_json_pretty.snap', true],
  ['breakpad_minidump2.dmp', 'rust-minidump_json-pretty-symbols.snap', true],
  ['breakpad_minidump2.dmp', 'rust-minidump_json-pretty.snap', false],
])('%s against %s', (dumpName, expectedName, withSymbols) => {
  const bytes = readFileSync(`${FIXTURES}/minidumps/${dumpName}`);
  const walked = walkMinidump(readMinidump(bytes), bytes, withSymbols ? fixtureSymbols() : () => undefined);
  const peer = peerOutput(expectedName);

  it('finds the same crashing thread', () => {
    expect(walked.crashingThread).toBe(peer.crashing_thread.threads_index);
  });

  it('finds the same frames on every thread', () => {
    expect(walked.threads).toHaveLength(peer.threads.length);
    const crashing = walked.threads[walked.crashingThread ?? -1];
    expect(frameRows(crashing?.frames ?? []).length, 'frames on the crashing thread').toBeGreaterThan(3);
    walked.threads.forEach((thread, index) => {
      expect(comparable(frameRows(thread.frames)), `thread ${index}`).toEqual(peerRows(peer.threads[index]?.frames ?? []));
    });
  });
});

describe('where Candor differs from Breakpad on purpose', () => {
  it('places a caller frame one byte before its return address, as rust-minidump does (Breakpad uses the return address)', () => {
    // Looking up the return address itself can land on the line after the call, or in the next
    // function when the callee never returns; one byte back is inside the call instruction.
    const bytes = readFileSync(`${FIXTURES}/minidumps/breakpad_minidump2.dmp`);
    const caller = walkMinidump(readMinidump(bytes), bytes, fixtureSymbols()).threads[0]?.frames[1];
    expect(caller?.registers.get('eip')).toBe(0x404200n);
    expect(caller?.instruction).toBe(0x4041ffn);
    expect(frameRows(caller === undefined ? [] : [caller])[0]).toMatchObject({ moduleOffset: '0x41ff', function: 'main', line: 65 });
  });
});
