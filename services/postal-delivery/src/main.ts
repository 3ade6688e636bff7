// postal-delivery — the postal public service (BCCI): dossier pickups and result deliveries through
// the provider. Wiring only: config, start, stop on signal.
import { loadConfigOrExit } from '@onestop/config';
import { createLogger } from '@onestop/logging';
import { runService } from '@onestop/runtime';
import { postalConfigSchema } from './config';
import { startPostalDelivery } from './service';

runService('postal-delivery', async () => {
  const config = loadConfigOrExit(postalConfigSchema);
  const logger = createLogger('postal-delivery', config.LOG_LEVEL);
  const running = await startPostalDelivery(config, { logger });
  logger.info(
    {
      grpc: `${config.GRPC_HOST}:${running.grpcPort}`,
      webhook: `http://${config.HTTP_HOST}:${running.httpPort}/webhooks/provider`,
      provider: config.PROVIDER_BASE_URL,
      sideEffects: config.SIDE_EFFECTS,
    },
    'postal-delivery listening',
  );
  return { logger, running };
});
