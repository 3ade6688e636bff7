// postal-delivery — the postal public service (BCCI): dossier pickups and result deliveries through
// the provider. Wiring only: config, start, stop on signal.
import { loadConfigOrExit } from '@onestop/config';
import { createLogger } from '@onestop/logging';
import { postalConfigSchema } from './config';
import { startPostalDelivery } from './service';

async function main(): Promise<void> {
  const config = loadConfigOrExit(postalConfigSchema);
  const logger = createLogger('postal-delivery', config.LOG_LEVEL);
  const running = await startPostalDelivery(config, { logger });
  logger.info(
    { grpc: `${config.GRPC_HOST}:${running.grpcPort}`, webhook: `http://${config.HTTP_HOST}:${running.httpPort}/webhooks/provider`, provider: config.PROVIDER_BASE_URL, sideEffects: config.SIDE_EFFECTS },
    'postal-delivery listening',
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'postal-delivery stopping');
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`postal-delivery failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
