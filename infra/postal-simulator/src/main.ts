// The postal provider simulator as a process: wiring only.
import { loadConfigOrExit } from '@onestop/config';
import { createLogger } from '@onestop/logging';
import { settingsOf, simulatorConfigSchema } from './config';
import { startSimulator } from './server';

async function main(): Promise<void> {
  const config = loadConfigOrExit(simulatorConfigSchema);
  const logger = createLogger('postal-simulator', config.LOG_LEVEL);
  const settings = settingsOf(config);
  const simulator = await startSimulator({
    host: config.SIMULATOR_HOST,
    port: config.SIMULATOR_PORT,
    ...settings,
    autoAdvanceMs: config.SIMULATOR_AUTO_ADVANCE_MS,
    callbackRetries: config.SIMULATOR_CALLBACK_RETRIES,
    logger,
  });
  logger.info(
    { url: simulator.url, webhookUrl: settings.webhookUrl, autoAdvanceMs: config.SIMULATOR_AUTO_ADVANCE_MS },
    'postal simulator listening',
  );
  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`postal simulator failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
