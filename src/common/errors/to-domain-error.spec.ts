import { QueryFailedError } from 'typeorm';
import { ErrorCode } from './domain-error.js';
import { isDatabaseUnavailable, toDomainError } from './to-domain-error.js';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const failed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('toDomainError: a database that cannot serve', () => {
  it.each([
    ['a refused connection', Object.assign(new AggregateError([pgError('ECONNREFUSED')], 'connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a refused connection inside an AggregateError', new AggregateError([pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')])],
    ['an administrator shutting the server down (57P01)', failed(pgError('57P01', 'terminating connection due to administrator command'))],
    ['a lost connection (08006)', failed(pgError('08006'))],
    ['a connection node-postgres saw end', failed(new Error('Connection terminated unexpectedly'))],
    ['no connection from the pool in time', new Error('timeout exceeded when trying to connect')],
    ['a database closed to connections', pgError('55000', 'database "nf" is not currently accepting connections')],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
  ])('is SERVICE_UNAVAILABLE with a retry delay: %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const domain = toDomainError(error);
    expect(domain.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(domain.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it.each([
    ['a unique violation', failed(pgError('23505'))],
    ['an unknown table', failed(pgError('42P01'))],
    ['another 55000 refusal', pgError('55000', 'lastval is not yet defined in this session')],
    ['a plain bug', new TypeError("Cannot read properties of null (reading 'trim')")],
  ])('is not, for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(toDomainError(error).code).not.toBe(ErrorCode.SERVICE_UNAVAILABLE);
  });
});
