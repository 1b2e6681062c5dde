import { addMonths } from '../../common/clock/shanghai.js';
import { certificationStatus, CertificationStatus, isDueForAudit, validUntil } from './certification.js';

describe('six-item certification', () => {
  it('certifies through the last valid day and expires the day after', () => {
    const audit = { passed: true, validUntil: validUntil('2024-06-07', 12), rectificationDue: null };
    expect(audit.validUntil).toBe('2025-06-06');
    expect(certificationStatus(audit, '2025-06-06')).toBe(CertificationStatus.CERTIFIED);
    expect(certificationStatus(audit, '2025-06-07')).toBe(CertificationStatus.EXPIRED);
  });

  it('keeps a failed station rectifying until its deadline, overdue afterwards', () => {
    const failed = { passed: false, validUntil: '2025-06-06', rectificationDue: '2024-07-07' };
    expect(certificationStatus(failed, '2024-07-07')).toBe(CertificationStatus.RECTIFYING);
    expect(certificationStatus(failed, '2024-07-08')).toBe(CertificationStatus.RECTIFICATION_OVERDUE);
  });

  it('lists never audited, expired and overdue stations as due, not certified or rectifying ones', () => {
    expect(certificationStatus(null, '2024-01-01')).toBe(CertificationStatus.NOT_AUDITED);
    expect(Object.values(CertificationStatus).filter(isDueForAudit)).toEqual(['NOT_AUDITED', 'EXPIRED', 'RECTIFICATION_OVERDUE']);
  });

  it('clamps month arithmetic to the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-12-15', 12)).toBe('2024-12-15');
    expect(validUntil('2024-02-29', 12)).toBe('2025-02-27');
  });
});
