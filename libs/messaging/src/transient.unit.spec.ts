import { isTransientFailure } from './transient';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isTransientFailure', () => {
  it.each([
    ['a refused connection (PostgreSQL down)', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a cut connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['PostgreSQL shutting down', withCode('terminating connection due to administrator command', '57P01')],
    ['PostgreSQL starting up', withCode('the database system is starting up', '57P03')],
    ['a connection exception class', withCode('connection failure', '08006')],
    ['pg losing its connection', new Error('Connection terminated unexpectedly')],
    ['FerretDB without its backend', new Error('[msg_find.go:344] failed to connect to `user=onestop database=ferretdb`: dial error')],
    ['the MongoDB driver without a server', Object.assign(new Error('x'), { name: 'MongoServerSelectionError' })],
    ['a handler saying so', Object.assign(new Error('record held by another writer'), { transient: true })],
    ['a cause that is one of those', new Error('projecting failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') })],
  ])('%s is transient', (_what, err) => {
    expect(isTransientFailure(err)).toBe(true);
  });

  it.each([
    ['a bad payload', new Error('cannot project: unknown procedure code')],
    ['a constraint violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a handler saying it is not', Object.assign(new Error('invalid'), { transient: false })],
    ['not an error', 'ECONNREFUSED?'],
    ['nothing', undefined],
  ])('%s is not', (_what, err) => {
    expect(isTransientFailure(err)).toBe(false);
  });
});
