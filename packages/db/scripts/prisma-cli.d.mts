import type { ChildProcess } from "node:child_process";

export function runPrisma(args: string[]): number;
export function spawnPrisma(args: string[], extraEnv?: Record<string, string>): ChildProcess;
