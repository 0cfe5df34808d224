import type { StackFrameRow } from '../../../contract/stackwalk';

/**
 * A crash's signature from its crashing thread's frames, built the way Socorro (crash-stats)
 * builds them: the first frame that says where the program went wrong, after skipping frames
 * that only say how a crash is reported (abort, raise, the exception dispatcher, the crash
 * reporter's own code), and keeping before it the frames of functions so common that they alone
 * say nothing (the allocator, memcpy), joined with " | ". A frame without symbols counts by its
 * module's name alone, with no offset, so crashes in the same place group together across builds.
 */

/** Frames that only report the crash: skipped. */
const SKIPPED: readonly RegExp[] = [
  /^(__GI_)?(abort|raise)$/,
  /^(gsignal|__pthread_kill\w*|pthread_kill|__kill|_kill|kill)$/,
  /^(_?_sigtramp|__restore_rt|__kernel_rt_sigreturn|_sigtramp)$/,
  /^(KiUserExceptionDispatcher|RtlDispatchException|RtlRaiseException|RaiseException|RaiseFailFastException|_CxxThrowException|__cxa_throw|_purecall)$/,
  /^(std::terminate|std::__terminate|__terminate|__gnu_cxx::__verbose_terminate_handler|std::__1::__terminate)/,
  /^(abort_message|__abort_message|__libc_message|__assert_fail|__assert_rtn|_wassert|_assert)$/,
  /^(google_breakpad|crashpad|sentry)::/,
  /^base::debug::(BreakDebugger|CollectStackTrace|StackTrace)/,
  /^(rust_panic|__rust_start_panic|__rust_panic_cleanup|std::panicking::|core::panicking::|std::sys::\w+::abort_internal|std::process::abort)/,
  /^(NtWaitForSingleObject|ZwWaitForSingleObject|NtTerminateProcess|ZwRaiseException)$/,
];

/** Functions everything calls: kept, and the signature goes on to their caller. */
const COMMON: readonly RegExp[] = [
  /^(malloc|calloc|realloc|free|posix_memalign|aligned_alloc|valloc|_?_?libc_malloc|je_malloc|je_free|moz_xmalloc|moz_xrealloc)$/,
  /^(operator new|operator delete|operator new\[\]|operator delete\[\])/,
  /^(memcpy|memmove|memset|memcmp|strlen|strcmp|strncmp|strcpy|wcslen|__memcpy\w*|__memmove\w*|__memset\w*)$/,
  /^(RtlAllocateHeap|RtlpAllocateHeap|RtlFreeHeap|RtlpFreeHeap|HeapAlloc|HeapFree|RtlReAllocateHeap)$/,
  /^(partition_alloc::|base::PartitionAlloc|WTF::Partitions::|v8::base::OS::Abort)/,
  /^(alloc::alloc::|__rust_alloc|__rust_dealloc|__rdl_alloc|__rg_alloc)/,
];

/** Socorro cuts signatures at 255 characters. */
export const MAX_SIGNATURE_CHARS = 255;

/** A frame's name for a signature: its function (without Rust's hash suffix, whitespace collapsed), else its module, else its address. */
export function signatureFrame(row: StackFrameRow): string {
  if (row.function !== undefined && row.function !== '') {
    return row.function
      .replace(/::h[0-9a-f]{16}$/, '')
      .replace(/\s+/g, ' ')
      .trim();
  }
  if (row.module !== undefined) return row.module;
  return `@${row.address ?? '0x0'}`;
}

/** The signature of a native crash from its crashing thread's frames (innermost first); `undefined` when there are none. (JavaScript errors are signed from their stack text: main/capture/signature.ts.) */
export function frameSignature(frames: readonly StackFrameRow[]): string | undefined {
  const parts: string[] = [];
  for (const row of frames) {
    const name = signatureFrame(row);
    if (SKIPPED.some((pattern) => pattern.test(name))) continue;
    parts.push(name);
    if (!COMMON.some((pattern) => pattern.test(name))) break;
  }
  if (parts.length === 0) {
    const first = frames[0];
    return first === undefined ? undefined : signatureFrame(first);
  }
  const signature = parts.join(' | ');
  return signature.length > MAX_SIGNATURE_CHARS ? `${signature.slice(0, MAX_SIGNATURE_CHARS - 3)}...` : signature;
}
