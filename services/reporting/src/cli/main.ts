#!/usr/bin/env node
// The operators' and auditors' CLI of reporting:
//   node services/reporting/dist/cli/main.js report --from 2020-01-01 --to 2020-09-30 --group field --format csv
// Exit codes: 0 done, 1 something found (differences, problems, not found), 2 bad arguments or
// settings, 3 failure while running, 130 stopped by Ctrl-C (after a clean stop; it says how to resume).
import { UsageError } from './args';
import { CliContext } from './context';
import { processOutput, type CliOutput } from './output';
import { DEAD_LETTERS_USAGE, deadLettersCommand } from './commands/dead-letters';
import { IMPORT_USAGE, importCommand } from './commands/import';
import { LOOKUP_USAGE, lookupCommand } from './commands/lookup';
import { MIGRATE_EVENTS_USAGE, migrateEventsCommand } from './commands/migrate-events';
import { OUTBOX_USAGE, outboxCommand } from './commands/outbox';
import { REPLAY_CHECK_USAGE, replayCheckCommand } from './commands/replay-check';
import { REPLAY_USAGE, replayCommand } from './commands/replay';
import { REPORT_USAGE, reportCommand } from './commands/report';
import { VERIFY_USAGE, verifyCommand } from './commands/verify';
import { CommandInterrupted, INTERRUPTED_EXIT } from './watch';

type Command = (argv: string[], ctx: CliContext, io: CliOutput) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  report: { run: reportCommand, usage: REPORT_USAGE },
  lookup: { run: lookupCommand, usage: LOOKUP_USAGE },
  replay: { run: replayCommand, usage: REPLAY_USAGE },
  'replay-check': { run: replayCheckCommand, usage: REPLAY_CHECK_USAGE },
  verify: { run: verifyCommand, usage: VERIFY_USAGE },
  'dead-letters': { run: deadLettersCommand, usage: DEAD_LETTERS_USAGE },
  outbox: { run: outboxCommand, usage: OUTBOX_USAGE },
  'migrate-events': { run: migrateEventsCommand, usage: MIGRATE_EVENTS_USAGE },
  import: { run: importCommand, usage: IMPORT_USAGE },
};

export const USAGE = `usage: onestop-reporting <command> [options]

${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join('\n\n')}

Settings from the environment: MONGO_URL, MONGO_DB (default onestop_reporting), PG_URL (the event
stores, for verify, outbox, migrate-events and import), KAFKA_BROKERS,
CALENDAR_FILE, REPORTING_BODY, VERIFY_STORES, UNITS_FILE and CATALOGUE_FILE (what import checks
rows against), KAFKA_TOPIC_PREFIX (namespace of the topics read and written).
`;

export async function runCli(argv: string[], io: CliOutput = processOutput(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: onestop-reporting ${command.usage}\n`);
    return 0;
  }
  let ctx: CliContext | undefined;
  try {
    ctx = new CliContext(env);
    return await command.run(rest, ctx, io);
  } catch (err) {
    io.progressDone();
    if (err instanceof CommandInterrupted) return INTERRUPTED_EXIT;
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\n\nusage: onestop-reporting ${command.usage}\n`);
      return 2;
    }
    io.err(`${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 3;
  } finally {
    await ctx?.close();
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(3);
    },
  );
}
