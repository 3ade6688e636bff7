// A connected, idle kafkajs client on the real broker keeps no timer loop running (kafkajs 2.2.4
// without the correction in kafkajs-idle-loop.ts sets a timer about once a millisecond per connection).
import { testKafka } from './int-helpers.spec';

it('an idle producer connection sets (almost) no timers', async () => {
  const producer = testKafka().producer();
  await producer.connect(); // a metadata request answered: the moment kafkajs 2.2.4 started looping
  await new Promise((resolve) => setTimeout(resolve, 200));
  const timers = jest.spyOn(global, 'setTimeout');
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // The wait above is one; the loop would add hundreds.
    expect(timers.mock.calls.length).toBeLessThan(20);
  } finally {
    timers.mockRestore();
    await producer.disconnect();
  }
});
