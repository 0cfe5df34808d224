import { spawn } from 'node:child_process';

/** A probe's command output is a few kilobytes; more means something is wrong. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface RunCommandOptions {
  signal: AbortSignal;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a program without a shell and resolves with its standard output. The child is killed
 * with SIGKILL when the probe is aborted or its own time limit passes, so nothing outlives its
 * probe. Standard input and error are not connected: each pipe costs start-up time after a crash.
 */
export function runCommand(file: string, args: readonly string[], options: RunCommandOptions): Promise<string> {
  const described = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(new Error(`${described}: aborted before it started`));
      return;
    }
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'ignore'],
      windowsHide: true,
      env: options.env ?? { ...process.env, LC_ALL: 'C' },
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let failure: string | undefined;
    const kill = (reason: string): void => {
      failure ??= reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill(`killed after ${options.timeoutMs} ms`), options.timeoutMs);
    const onAbort = (): void => kill('aborted');
    options.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) kill(`printed more than ${MAX_OUTPUT_BYTES} bytes`);
      else chunks.push(chunk);
    });
    child.on('error', (error) => {
      failure ??= error.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      if (failure === undefined && code === 0) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(new Error(`${described}: ${failure ?? (signal === null ? `exit code ${code ?? '?'}` : `killed by ${signal}`)}`));
    });
  });
}
