import type { ChildProcess } from 'node:child_process';

export interface SupervisorOptions {
  log: (name: string, message: string) => void;
  minDelayMs?: number;
  maxDelayMs?: number;
  stableAfterMs?: number;
  stopTimeoutMs?: number;
}

export interface SupervisedEntry {
  readonly name: string;
  readonly child: ChildProcess | null;
  readonly restarts: number;
}

export declare class Supervisor {
  constructor(options: SupervisorOptions);
  add(spec: {
    name: string;
    command: string;
    args?: string[];
    env?: NodeJS.ProcessEnv;
    onStart?: (child: ChildProcess) => void;
  }): SupervisedEntry;
  stop(): Promise<void>;
}
