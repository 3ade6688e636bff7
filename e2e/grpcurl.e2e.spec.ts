// Stock gRPC clients work by reflection alone: the grpcurl binary (protobuf-go, strict about
// descriptors) lists, describes and health-checks every running service, and the README's grpcurl
// examples run verbatim — with only the variables the README names set.
import * as path from 'node:path';
import { bash, findGrpcurl, grpcurl, readmeGrpcurlExamples } from './support/grpcurl';
import { createPlatform, DEV_SECRET, type Platform, type ServiceName } from './support/platform';
import { waitFor } from './support/wait';

jest.setTimeout(240_000);

const SERVICES: Record<Exclude<ServiceName, 'postal-simulator'>, string> = {
  intake: 'onestop.intake.v1.IntakeService',
  processing: 'onestop.processing.v1.ProcessingService',
  'postal-delivery': 'onestop.postal.v1.PostalService',
  reporting: 'onestop.reporting.v1.ReportingService',
};
const ALWAYS = ['grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'];

describe('grpcurl against the running services, by reflection alone', () => {
  // Resolved before anything starts: a missing binary fails the suite with how to install it.
  const binary = findGrpcurl();
  let platform: Platform;

  beforeAll(async () => {
    platform = await createPlatform();
    await platform.start('postal-simulator');
    const simulator = platform.env.PROVIDER_BASE_URL!;
    await waitFor('the simulator', async () => ((await fetch(`${simulator}/_admin/health`).catch(() => undefined))?.ok ? true : undefined));
    // One after the other: four processes starting at once on a small, shared machine can take
    // longer than a start is given. Today's map (MAP_AS_OF empty = unset), as `npm start` runs and
    // the README's examples are written for, not the 2020 map the other suites read.
    for (const name of Object.keys(SERVICES) as (keyof typeof SERVICES)[]) await platform.start(name, { MAP_AS_OF: '' });
  });

  afterAll(async () => {
    await platform?.stopAll();
  });

  describe.each(Object.entries(SERVICES))('%s', (name, service) => {
    const address = () => platform.address(name as ServiceName);

    it('lists exactly its own service, health and reflection', async () => {
      const res = await grpcurl(binary, ['-plaintext', address(), 'list']);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout.trim().split('\n').sort()).toEqual([service, ...ALWAYS].sort());
    });

    it('describes its service, and every message its methods take and return', async () => {
      const res = await grpcurl(binary, ['-plaintext', address(), 'describe', service]);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(`${service} is a service:`);
      const types = [...res.stdout.matchAll(/\( (?:stream )?\.([\w.]+) \)/g)].map((m) => m[1]);
      expect(types.length).toBeGreaterThan(0);
      for (const type of new Set(types)) {
        const msg = await grpcurl(binary, ['-plaintext', address(), 'describe', type]);
        expect({ type, stderr: msg.stderr, code: msg.code }).toEqual({ type, stderr: '', code: 0 });
        expect(msg.stdout).toContain(`${type} is a message:`);
      }
    });

    it('does not describe the other services', async () => {
      for (const other of Object.values(SERVICES).filter((s) => s !== service)) {
        const res = await grpcurl(binary, ['-plaintext', address(), 'describe', other]);
        expect(res.code).not.toBe(0);
        expect(res.stderr).toContain('Symbol not found');
      }
    });

    it('answers grpc.health.v1.Health/Check, overall and for its service', async () => {
      const overall = await grpcurl(binary, ['-plaintext', address(), 'grpc.health.v1.Health/Check']);
      expect(overall.stderr).toBe('');
      expect(JSON.parse(overall.stdout)).toEqual({ status: 'SERVING' });
      const own = await grpcurl(binary, ['-plaintext', '-d', JSON.stringify({ service }), address(), 'grpc.health.v1.Health/Check']);
      expect(JSON.parse(own.stdout)).toEqual({ status: 'SERVING' });
    });
  });

  describe('the README examples, verbatim', () => {
    const examples = readmeGrpcurlExamples();

    it('has grpcurl examples to run', () => {
      expect(examples.length).toBeGreaterThanOrEqual(2);
    });

    it.each(examples.map((e, i) => [i + 1, e]))('example %i runs', async (_n, script) => {
      // What the README tells a user to set, and nothing else: the secret, the addresses, grpcurl on PATH.
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${path.dirname(binary)}${path.delimiter}${process.env.PATH ?? ''}`,
        AUTH_JWT_SECRET: DEV_SECRET,
        INTAKE_GRPC_ADDR: platform.address('intake'),
        PROCESSING_GRPC_ADDR: platform.address('processing'),
        POSTAL_GRPC_ADDR: platform.address('postal-delivery'),
        REPORTING_GRPC_ADDR: platform.address('reporting'),
      };
      const res = await bash(String(script), env);
      expect({ script, code: res.code, stderr: res.stderr }).toEqual({ script, code: 0, stderr: '' });
      expect(res.stdout.trim()).not.toBe('');
    });

    it('the README call answers with the procedure asked for', async () => {
      const call = examples.find((e) => e.includes('IntakeService/GetProcedure'));
      expect(call).toBeDefined();
      const res = await bash(call!, {
        ...process.env,
        PATH: `${path.dirname(binary)}${path.delimiter}${process.env.PATH ?? ''}`,
        AUTH_JWT_SECRET: DEV_SECRET,
        INTAKE_GRPC_ADDR: platform.address('intake'),
      });
      expect(JSON.parse(res.stdout).procedure.code).toBe('TCKH-01');
    });
  });
});
