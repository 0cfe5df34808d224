import { readFileSync } from 'node:fs';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { strategy?: { matrix?: { os?: string[] } }; steps: Step[] }>;
}

const WORKFLOWS = ['.github/workflows/release.yml', '.github/workflows/ci.yml'];

function steps(file: string): Step[] {
  const workflow = parse(readFileSync(file, 'utf8')) as Workflow;
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

describe.each(WORKFLOWS)('%s', (file) => {
  it("is valid for GitHub Actions, by action-validator's schema", () => {
    const state = validateWorkflow(readFileSync(file, 'utf8'));
    expect(state.errors).toEqual([]);
  });

  it('runs on Node 22 or newer, which electron@45 needs to install', () => {
    const setup = steps(file).find((step) => step.uses?.startsWith('actions/setup-node') === true);
    expect(Number(setup?.with?.['node-version'])).toBeGreaterThanOrEqual(22);
  });

  it('on Linux, allows the Chromium sandbox and runs npm test (with its Electron suite) under Xvfb', () => {
    const all = steps(file);
    const sandbox = all.findIndex((step) => step.run?.includes('kernel.apparmor_restrict_unprivileged_userns=0') === true);
    const linuxTest = all.findIndex((step) => step.if === "runner.os == 'Linux'" && step.run?.includes('xvfb-run') === true);
    expect(sandbox).toBeGreaterThanOrEqual(0);
    expect(linuxTest).toBeGreaterThan(sandbox);
    expect(all[linuxTest]?.run).toContain('npm test');
    // No step runs the tests on Linux outside Xvfb.
    expect(
      all.filter((step) => step.run?.includes('npm test') === true && step.if !== "runner.os != 'Linux'" && !step.run.includes('xvfb-run')),
    ).toEqual([]);
  });

  it('never sets CANDOR_CHROMIUM to an expression that is empty on some runners', () => {
    expect(readFileSync(file, 'utf8')).not.toContain('CANDOR_CHROMIUM');
  });
});

describe('the test workflow', () => {
  it('runs on every push and pull request on Windows, macOS and Linux', () => {
    const workflow = parse(readFileSync('.github/workflows/ci.yml', 'utf8')) as Workflow;
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    const systems = Object.values(workflow.jobs).flatMap((job) => job.strategy?.matrix?.os ?? []);
    expect(systems.sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
  });
});
