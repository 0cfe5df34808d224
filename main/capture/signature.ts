/** How many of the topmost frames make a signature: enough to tell crashes apart, few enough to group. */
const SIGNATURE_FRAMES = 3;
const MAX_SIGNATURE_LENGTH = 500;

// V8: "    at fn (file:1:2)", "    at async fn (file:1:2)", "    at file:1:2", "    at new Foo (file:1:2)".
const V8_FRAME = /^\s*at\s+(?:async\s+)?(?:(.+?)\s+\()?([^()]+?)(?::\d+)?(?::\d+)?\)?\s*$/;
// SpiderMonkey and JavaScriptCore: "fn@file:1:2".
const GECKO_FRAME = /^\s*([^@\s]*)@(.+?)(?::\d+)?(?::\d+)?\s*$/;

/** The file a frame points at, without folders, query, hash or line numbers. */
function fileName(location: string): string {
  const withoutQuery = location.replace(/[?#].*$/, '');
  const name = withoutQuery.split(/[\\/]/).pop() ?? withoutQuery;
  return name === '' ? '<unknown>' : name;
}

function normaliseFunction(name: string | undefined): string {
  if (name === undefined || name === '') return '<anonymous>';
  return name
    .replace(/^new\s+/, 'new ')
    .replace(/0x[0-9a-f]+/gi, '0x?')
    .trim();
}

/** One stack line reduced to `function (file)`: no line and column, no folders, no addresses. */
export function normaliseFrame(line: string): string | undefined {
  const v8 = V8_FRAME.exec(line);
  if (v8?.[2] !== undefined) {
    if (v8[2] === 'native' || v8[2] === '<anonymous>') return `${normaliseFunction(v8[1])} (${v8[2]})`;
    return `${normaliseFunction(v8[1])} (${fileName(v8[2])})`;
  }
  const gecko = GECKO_FRAME.exec(line);
  if (gecko?.[2] !== undefined) return `${normaliseFunction(gecko[1])} (${fileName(gecko[2])})`;
  return undefined;
}

/** Variable parts of a message (numbers, addresses, quoted values, paths) replaced by placeholders. */
export function normaliseMessage(message: string): string {
  return (message.split('\n', 1)[0] ?? '')
    .replace(/(["'`]).*?\1/g, '$1…$1')
    .replace(/(?:[A-Za-z]:)?(?:[\\/][^\\/\s:]+)+/g, '<path>')
    .replace(/0x[0-9a-f]+/gi, '0x?')
    .replace(/\b\d+\b/g, 'N')
    .slice(0, 200);
}

export interface SignatureInput {
  kind: string;
  processType: string;
  errorName?: string | undefined;
  stack?: string | undefined;
  message?: string | undefined;
  /** Gone processes: Electron's reason ("crashed", "oom" …). */
  exitReason?: string | undefined;
  /** Native crashes: the exception name and the crashing module from the minidump. */
  exceptionName?: string | undefined;
  module?: string | undefined;
}

/**
 * What identifies "the same crash" for grouping and for folding a crash loop: the error type
 * and its top frames, normalised so that line numbers, user paths and addresses do not split
 * one bug into many. The server computes the same from the same input.
 */
export function crashSignature(input: SignatureInput): string {
  let signature: string;
  if (input.kind === 'native') {
    signature = `native ${input.processType}: ${input.exceptionName ?? 'unknown exception'}${input.module === undefined ? '' : ` in ${fileName(input.module)}`}`;
  } else if (input.kind === 'process-gone') {
    signature = `${input.processType} process gone: ${input.exitReason ?? 'unknown'}`;
  } else {
    const frames = (input.stack ?? '')
      .split('\n')
      .map(normaliseFrame)
      .filter((frame): frame is string => frame !== undefined)
      .slice(0, SIGNATURE_FRAMES);
    const name = input.errorName ?? 'Error';
    signature = frames.length > 0 ? `${name} at ${frames.join(' < ')}` : `${name}: ${normaliseMessage(input.message ?? '')}`;
  }
  return signature.slice(0, MAX_SIGNATURE_LENGTH);
}
