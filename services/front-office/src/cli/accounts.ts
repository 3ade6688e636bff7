#!/usr/bin/env node
// Staff accounts of the front office:
//   npm run accounts -w services/front-office -- create <username> --role <role> --unit <code> --name "<full name>"
//     (reads the password from FRONT_OFFICE_PASSWORD, or asks for it on the terminal)
//   … list | remove <username>
// Uses MONGO_URL and FRONT_OFFICE_MONGO_DB like the service.
import * as readline from 'node:readline';
import { MongoClient } from 'mongodb';
import { z } from 'zod';
import { loadConfigOrExit } from '@onestop/config';
import { AccountStore, STAFF_ROLES, type StaffRole } from '../adapters/accounts';
import { passwordProblem } from '../domain/passwords';

const schema = z.object({
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// URL')
    .default('mongodb://127.0.0.1:27017/'),
  FRONT_OFFICE_MONGO_DB: z
    .string()
    .regex(/^[\w-]+$/, 'a database name')
    .default('onestop_front_office'),
  FRONT_OFFICE_PASSWORD: z.string().optional(),
});

const USAGE = `usage:
  accounts create <username> --role <${STAFF_ROLES.join('|')}> --unit <UNIT> --name "<họ và tên>"
  accounts list
  accounts remove <username>
The password is read from FRONT_OFFICE_PASSWORD or asked for (not echoed).`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) fail('no terminal to ask the password on: set FRONT_OFFICE_PASSWORD');
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput(s: string): void; output: NodeJS.WriteStream };
  process.stdout.write('Mật khẩu: ');
  out._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfigOrExit(schema);
  if (!command || !['create', 'list', 'remove'].includes(command)) fail(USAGE);
  const mongo = await new MongoClient(config.MONGO_URL).connect();
  try {
    const store = new AccountStore(mongo.db(config.FRONT_OFFICE_MONGO_DB));
    if (command === 'list') {
      for (const u of await store.list()) process.stdout.write(`${u.username}\t${u.role}\t${u.unitCode}\t${u.displayName}\n`);
      return;
    }
    const username = args[0] && !args[0].startsWith('--') ? args[0] : fail(`${command}: name the account\n${USAGE}`);
    if (!/^[a-z0-9._-]{3,40}$/.test(username)) fail('username: 3–40 characters of a-z, 0-9, ".", "_" or "-"');
    if (command === 'remove') {
      process.stdout.write((await store.remove(username)) ? `removed ${username}\n` : `no account ${username}\n`);
      return;
    }
    const role = option(args, 'role');
    if (!role || !(STAFF_ROLES as readonly string[]).includes(role)) fail(`--role: one of ${STAFF_ROLES.join(', ')}`);
    const unit = option(args, 'unit');
    if (!unit || !/^[A-Za-z0-9_-]{2,40}$/.test(unit)) fail('--unit: the unit or agency code, e.g. XCOLE or XCOLE-KT');
    const name = option(args, 'name')?.trim();
    if (!name) fail('--name: the officer\'s full name, e.g. --name "Trần Thị Mai"');
    const password = config.FRONT_OFFICE_PASSWORD ?? (await askPassword());
    const problem = passwordProblem(password);
    if (problem) fail(`password: ${problem}`);
    await store.upsert({ username, role: role as StaffRole, unitCode: unit, displayName: name }, password);
    process.stdout.write(`account ${username} (${role}, ${unit}) saved\n`);
  } finally {
    await mongo.close();
  }
}

main().catch((err: unknown) => fail(`accounts: ${err instanceof Error ? err.message : String(err)}`));
