import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../main/diagnostics/run-command';
import { runProbe } from '../../../main/diagnostics/run-probe';

function isRunning(marker: string): boolean {
  const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return processes.split('\n').some((line) => line.includes(marker) && !line.includes('ps -eo'));
}

describe('runProbe', () => {
  it('returns the data of a probe that answers in time', async () => {
    const result = await runProbe(() => Promise.resolve({ answer: 42 }), 1000);
    expect(result).toMatchObject({ status: 'ok', data: { answer: 42 } });
  });

  it('reports a probe that throws as unavailable, with its reason', async () => {
    const result = await runProbe(() => Promise.reject(new Error('reg.exe not found')), 1000);
    expect(result).toMatchObject({ status: 'unavailable', reason: 'reg.exe not found' });
  });

  it('cuts a hanging command at the limit, reports timeout and kills the child', async () => {
    // A marker no other process has, so the check below sees only this probe's child.
    const marker = `candor-hang-${process.pid}-${Date.now()}`;
    const started = performance.now();
    const result = await runProbe(
      (signal) => runCommand(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], { signal, timeoutMs: 60_000 }),
      300,
    );
    const elapsed = performance.now() - started;
    expect(result.status).toBe('timeout');
    expect(result.status === 'timeout' && result.reason).toContain('300 ms');
    expect(elapsed).toBeLessThan(5_000);
    // The abort reaches the child as SIGKILL; give the kernel a moment to reap it.
    for (let attempt = 0; attempt < 50 && isRunning(marker); attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(isRunning(marker)).toBe(false);
  });
});

describe('runCommand', () => {
  it('kills a command at its own time limit', async () => {
    const controller = new AbortController();
    await expect(runCommand('sleep', ['30'], { signal: controller.signal, timeoutMs: 200 })).rejects.toThrow(/killed after 200 ms/);
  });

  it('says which command failed', async () => {
    const controller = new AbortController();
    await expect(runCommand('candor-no-such-program', ['--version'], { signal: controller.signal, timeoutMs: 1000 })).rejects.toThrow(
      /candor-no-such-program --version/,
    );
  });
});
