import { spawn } from 'node:child_process';
import { builtFile } from './built';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `candor` (or `candor-server`) command line as a user would, with its own environment. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; program?: 'candor' | 'candor-server' } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtFile(`node/${options.program ?? 'candor'}.js`), ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
