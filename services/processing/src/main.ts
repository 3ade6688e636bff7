// processing — the agencies' handling of dossiers. Wiring only: config, reference data, start
// (service.ts), stop on signal.
import { agencyCarriedScope, agencyCarriesOn, loadAdminMap } from '@onestop/admin-map';
import { loadCalendarRegistry } from '@onestop/calendar';
import { loadConfigOrExit } from '@onestop/config';
import { createLogger } from '@onestop/logging';
import { clockConfigSchema, runService, startClock } from '@onestop/runtime';
import { loadWorkflowCatalogue } from './adapters/files/workflow-file';
import { processingConfigSchema } from './config';
import { startProcessing } from './service';

runService('processing', async () => {
  const config = loadConfigOrExit(processingConfigSchema);
  const logger = createLogger('processing', config.LOG_LEVEL);
  const offset = config.CLOCK_OFFSET_MS;
  // "now": the system clock (shifted by CLOCK_OFFSET_MS), or the simulation's shared clock.
  const shared = await startClock(loadConfigOrExit(clockConfigSchema), 'processing', { offsetMs: offset });
  const clock = shared.now;
  if (shared.simulated) logger.warn({ now: clock().toISOString() }, 'SIMULATED CLOCK: every event is marked simulatedClock');
  const workflows = loadWorkflowCatalogue(config.WORKFLOWS_FILE);
  const calendarRegistry = loadCalendarRegistry(config.CALENDAR_FILES);
  logger.info(
    { workflows: workflows.version, calendars: calendarRegistry.versions(), clockOffsetMs: offset || undefined },
    'reference data loaded',
  );

  const map = loadAdminMap(config.UNITS_FILE);
  const running = await startProcessing(config, {
    logger,
    workflows,
    calendarRegistry,
    clock,
    simulatedClock: shared.simulated,
    agencyCarriesOn: (actorAgency, caseAgency, dossierUnit) =>
      agencyCarriesOn(map, map.agencies, actorAgency, caseAgency, dossierUnit, clock()),
    agencyCarriedScope: (agencyCode) => agencyCarriedScope(map, map.agencies, agencyCode, clock()),
  });
  logger.info({ grpc: `${config.GRPC_HOST}:${running.grpcPort}` }, 'processing listening');
  return {
    logger,
    running: {
      async stop() {
        await running.stop();
        shared.stop();
      },
    },
  };
});
