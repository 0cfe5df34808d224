import { execFile } from 'node:child_process';

/** A probe's command output is a few kilobytes; more means something is wrong. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface RunCommandOptions {
  signal: AbortSignal;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/**
 * Runs a program without a shell and returns its output. The child is killed with SIGKILL
 * when the probe is aborted or its own time limit passes, so nothing outlives its probe.
 */
export function runCommand(file: string, args: readonly string[], options: RunCommandOptions): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        signal: options.signal,
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        windowsHide: true,
        encoding: 'utf8',
        env: options.env ?? { ...process.env, LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ stdout, stderr });
          return;
        }
        const reason = error.killed ? `killed after ${options.timeoutMs} ms` : error.message.split('\n')[0];
        reject(new Error(`${file} ${args.join(' ')}: ${reason ?? 'failed'}`));
      },
    );
  });
}
