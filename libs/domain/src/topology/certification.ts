import { RuleViolation } from '../shared/rule-violation';
import type { CertificationStatus } from './topology.events';

export const MAX_CERTIFICATION_REASON_LENGTH = 300;

/** GOCDB's forbidden moves: Closed is final, Suspended must be re-certified via Uncertified, Candidate only advances to Uncertified or Closed. */
export function canChangeCertification(from: CertificationStatus, to: CertificationStatus): boolean {
  if (from === 'Closed') return false;
  if (from === 'Suspended' && to === 'Certified') return false;
  if (from === 'Candidate') return to === 'Uncertified' || to === 'Closed';
  return true;
}

/** Throws unless `from → to` is a real, allowed change with a usable reason. */
export function checkCertificationChange(from: CertificationStatus, to: CertificationStatus, reason: string): void {
  if (reason === undefined || reason.trim() === '') {
    throw new RuleViolation('CERTIFICATION_REASON_REQUIRED', 'a certification change needs a reason', 'reason');
  }
  if (reason.length > MAX_CERTIFICATION_REASON_LENGTH) {
    throw new RuleViolation('CERTIFICATION_REASON_TOO_LONG', `the reason may hold at most ${MAX_CERTIFICATION_REASON_LENGTH} characters`, 'reason');
  }
  if (from === to) throw new RuleViolation('CERTIFICATION_UNCHANGED', `the site is already ${to}`, 'to');
  if (!canChangeCertification(from, to)) {
    throw new RuleViolation('CERTIFICATION_TRANSITION_FORBIDDEN', `a site cannot go from ${from} to ${to}`, 'to');
  }
}
