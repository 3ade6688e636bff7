/**
 * What a gRPC call came to: 'ok', or the status code it was refused with — for tests that check
 * who is let through and who is refused. An error that carries no status code is thrown on.
 */
export async function grpcCodeOf(call: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await call;
    return 'ok';
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'number') throw err;
    return code;
  }
}
