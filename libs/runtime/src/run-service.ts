// How every service process lives: start, say so, stop cleanly once on SIGINT/SIGTERM (in the
// order the service gives), and exit non-zero with the cause when start-up fails.
import type { Logger } from 'pino';

export interface Stoppable {
  stop(): Promise<void>;
}

export function runService(name: string, start: () => Promise<{ logger: Logger; running: Stoppable }>): void {
  start().then(
    ({ logger, running }) => {
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, `${name} stopping`);
        try {
          await running.stop();
          process.exit(0);
        } catch (err) {
          logger.error({ err }, `${name} did not stop cleanly`);
          process.exit(1);
        }
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    },
    (err: unknown) => {
      process.stderr.write(`${name} failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
