import { DomainError } from './domain-error.js';
import { toProblemDetails } from './problem-details.js';

describe('toProblemDetails', () => {
  it("keeps the HTTP status when a conflict's details name the record's status, sending that as currentStatus", () => {
    const problem = toProblemDetails(DomainError.conflict('A RESOLVED problem cannot be accepted', { status: 'RESOLVED', allowed: ['CLOSE'] }), '/x', 'r1');
    expect(problem).toMatchObject({ status: 409, code: 'CONFLICT', currentStatus: 'RESOLVED', allowed: ['CLOSE'], instance: '/x', requestId: 'r1' });
  });

  it('never lets a detail replace a problem member, and never sends the cause', () => {
    const error = DomainError.conflict('clash', { type: 'x', title: 'x', detail: 'x', code: 'x', cause: new Error('secret') });
    const problem = toProblemDetails(error);
    expect(problem).toMatchObject({
      type: 'urn:newforce:problem:conflict',
      title: 'Conflict',
      detail: 'clash',
      code: 'CONFLICT',
      currentType: 'x',
      currentCode: 'x',
    });
    expect(JSON.stringify(problem)).not.toContain('secret');
  });
});
