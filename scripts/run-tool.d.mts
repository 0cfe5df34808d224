import type { spawnSync } from 'node:child_process';

export function runTool(command: string, args: string[], platform?: NodeJS.Platform, spawn?: typeof spawnSync): number;
