import type { spawnSync } from 'node:child_process';

export function runTool(
  command: string,
  args: string[],
  platform?: NodeJS.Platform,
  spawn?: typeof spawnSync,
  env?: NodeJS.ProcessEnv,
): number;
export const SIGNING_VARIABLES: string[];
export function withoutEmptySigning(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
