// One trace from the desk to the read model: a traced client's SubmitDossier, the event intake
// records and publishes (CloudEvents ce_traceparent), and reporting's handling of it share one
// trace id — exported over OTLP/HTTP (JSON) to a collector given by the standard OTEL_* variables.
import * as http from 'node:http';
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createKafka, fromKafkaMessage, readTopicToEnd } from '@onestop/messaging';
import { call, intakeClient, tokenFor } from './support/clients';
import { householdBusiness } from './support/fixtures';
import { createPlatform, type Platform } from './support/platform';
import { waitFor } from './support/wait';

jest.setTimeout(180_000);

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

/** A stand-in OpenTelemetry collector: accepts OTLP/HTTP JSON on /v1/traces and keeps the spans. */
async function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || req.headers['content-type'] !== 'application/json') {
        res.writeHead(400).end();
        return;
      }
      const parsed = JSON.parse(body) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { spans: Omit<ExportedSpan, 'service'>[] }[];
        }[];
      };
      for (const rs of parsed.resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ service, ...s });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('tracing across gRPC and Kafka', () => {
  let platform: Platform;
  let collector: Awaited<ReturnType<typeof startCollector>>;

  beforeAll(async () => {
    collector = await startCollector();
    platform = await createPlatform();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
    await Promise.all([platform.start('intake', otel), platform.start('reporting', otel)]);
  });

  afterAll(async () => {
    await platform?.stopAll();
    await collector?.close();
  });

  it('links the submit call, the produced event and reporting handling it by one trace id', async () => {
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const intake = intakeClient(platform.address('intake'));
    const desk = await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
    const res = await call(intake.submitDossier.bind(intake), householdBusiness(), {
      token: desk,
      traceparent: `00-${traceId}-${clientSpanId}-01`,
    });
    // A refused call in the same trace: intake logs the refusal, inside the call's span.
    await expect(
      call(intake.getProcedure.bind(intake), { procedureCode: '' }, { token: desk, traceparent: `00-${traceId}-${clientSpanId}-01` }),
    ).rejects.toThrow();
    intake.close();
    const dossierId = res.outcome?.$case === 'received' ? res.outcome.received.dossierId : undefined;
    expect(dossierId).toBeDefined();

    // intake: the server span continues the caller's trace.
    const server = await waitFor('intake to export the SubmitDossier span', () =>
      collector.spans.find(
        (s) => s.service === 'intake' && s.name === 'onestop.intake.v1.IntakeService/SubmitDossier' && s.traceId === traceId,
      ),
    );
    expect(server).toMatchObject({ kind: 2, parentSpanId: clientSpanId });

    // The event on Kafka carries the trace (CloudEvents distributed-tracing extension).
    const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!, clientId: 'e2e-tracing' });
    const headers: (string | undefined)[] = [];
    await readTopicToEnd(kafka, `${platform.env.KAFKA_TOPIC_PREFIX}onestop.intake.events.v1`, (m) => {
      if (m.key?.toString() === dossierId)
        headers.push(fromKafkaMessage({ ...m, offset: m.offset }, m.topic, m.partition).metadata.traceparent);
    });
    expect(headers).toEqual([`00-${traceId}-${server.spanId}-01`]);

    // reporting: its consumer span for that event is in the same trace, child of the submit span.
    const consumed = await waitFor('reporting to export its consumer span', () =>
      collector.spans.find((s) => s.service === 'reporting' && s.kind === 5 && s.traceId === traceId),
    );
    expect(consumed.parentSpanId).toBe(server.spanId);
    expect(consumed.name).toBe(`${platform.env.KAFKA_TOPIC_PREFIX}onestop.intake.events.v1 process`);

    // Log lines written inside a call carry its trace id.
    const line = await waitFor('intake to log the refusal with its trace id', () =>
      fs
        .readFileSync(platform.services.get('intake')!.logFile, 'utf8')
        .split('\n')
        .find((l) => l.includes('request rejected') && l.includes(`"traceId":"${traceId}"`)),
    );
    expect(JSON.parse(line)).toMatchObject({ rpc: '/onestop.intake.v1.IntakeService/GetProcedure', traceId });
  });
});
