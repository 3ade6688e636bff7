import { clientChannelOptions, RECONNECT_BACKOFF_MS } from './client';
import { MAX_RECEIVE_MESSAGE_BYTES, MAX_SEND_MESSAGE_BYTES } from './edge';

describe('clientChannelOptions', () => {
  it('caps the reconnection back-off, so a peer restarted after a crash is found again within seconds', () => {
    const o = clientChannelOptions();
    // gRPC's own default grows to 120 s between attempts.
    expect(o['grpc.max_reconnect_backoff_ms']).toBe(RECONNECT_BACKOFF_MS.max);
    expect(RECONNECT_BACKOFF_MS.max).toBeLessThanOrEqual(2000);
    expect(o['grpc.initial_reconnect_backoff_ms']).toBeLessThanOrEqual(RECONNECT_BACKOFF_MS.max);
  });

  it('keeps the message size bounds', () => {
    expect(clientChannelOptions()).toMatchObject({
      'grpc.max_receive_message_length': MAX_RECEIVE_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_SEND_MESSAGE_BYTES,
    });
  });
});
