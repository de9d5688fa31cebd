import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../shared/decider-spec';
import { canChangeCertification } from './certification';
import type { SiteCommand } from './site.decider';
import { siteDecider } from './site.decider';
import { ngiRegistered, sampleTopology, siteRegistered, viewOf } from './topology.fixtures';
import type { CertificationStatus } from './topology.events';

const now = Date.UTC(2025, 5, 2, 10);
const given = deciderSpec(siteDecider, () => ({ view: viewOf(ngiRegistered()), now }));

const register = (over: Partial<Extract<SiteCommand, { type: 'RegisterSite' }>> = {}): SiteCommand => ({
  type: 'RegisterSite',
  shortName: 'EXAMPLE-SITE',
  officialName: 'Example Site',
  ngi: 'NGI_XX',
  country: 'Italy',
  timezone: 'Europe/Rome',
  domain: 'example.org',
  scopes: ['EGI'],
  ...over,
});

const at = (status: CertificationStatus) => [siteRegistered({ certificationStatus: status })];
const certify = (to: CertificationStatus, reason = 'site passed the certification tests'): SiteCommand => ({
  type: 'ChangeSiteCertification',
  shortName: 'EXAMPLE-SITE',
  to,
  reason,
});

describe('site registration', () => {
  it('registers a new site as Candidate in production by default', () =>
    given().when(register()).then([siteRegistered({ certificationStatus: 'Candidate' })]));

  it('refuses a site whose NGI does not exist', () => given().when(register({ ngi: 'NGI_YY' })).thenRejects('UNKNOWN_NGI', 'ngi'));

  it('refuses a short name already used by another site, whatever its case', () =>
    given([], { view: sampleTopology() }).when(register({ shortName: 'example-site' })).thenRejects('SITE_SHORT_NAME_TAKEN', 'shortName'));

  it('refuses to register the same site twice', () => given([siteRegistered()]).when(register()).thenRejects('SITE_ALREADY_REGISTERED'));
});

describe('site update', () => {
  it('moves a site to another existing NGI, keeping the other fields', () =>
    given([siteRegistered()], { view: viewOf(ngiRegistered(), ngiRegistered({ name: 'NGI_YY' })) })
      .when({ type: 'UpdateSite', shortName: 'EXAMPLE-SITE', ngi: 'NGI_YY' })
      .then([{ type: 'SiteUpdated', data: (({ certificationStatus: _c, ...d }) => ({ ...d, ngi: 'NGI_YY' }))(siteRegistered().data) }]));

  it('refuses to move a site to an unknown NGI', () =>
    given([siteRegistered()]).when({ type: 'UpdateSite', shortName: 'EXAMPLE-SITE', ngi: 'NGI_YY' }).thenRejects('UNKNOWN_NGI'));

  it('answers not found for an unknown site', () =>
    given().when({ type: 'UpdateSite', shortName: 'EXAMPLE-SITE', country: 'France' }).thenNotFound('site'));
});

describe('site certification', () => {
  it('records the change with its previous status and reason', () =>
    given(at('Uncertified'))
      .when(certify('Certified'))
      .then([{ type: 'SiteCertificationChanged', data: { shortName: 'EXAMPLE-SITE', from: 'Uncertified', to: 'Certified', reason: 'site passed the certification tests' } }]));

  it('requires a reason', () => given(at('Certified')).when(certify('Suspended', '  ')).thenRejects('CERTIFICATION_REASON_REQUIRED', 'reason'));

  it('refuses a reason longer than 300 characters', () =>
    given(at('Certified')).when(certify('Suspended', 'x'.repeat(301))).thenRejects('CERTIFICATION_REASON_TOO_LONG', 'reason'));

  it('accepts a reason of exactly 300 characters', () =>
    given(at('Certified'))
      .when(certify('Suspended', 'x'.repeat(300)))
      .then([{ type: 'SiteCertificationChanged', data: { shortName: 'EXAMPLE-SITE', from: 'Certified', to: 'Suspended', reason: 'x'.repeat(300) } }]));

  it('refuses to re-certify a suspended site directly', () =>
    given(at('Suspended')).when(certify('Certified')).thenRejects('CERTIFICATION_TRANSITION_FORBIDDEN', 'to'));

  it('refuses to reopen a closed site', () => given(at('Closed')).when(certify('Uncertified')).thenRejects('CERTIFICATION_TRANSITION_FORBIDDEN'));

  it('refuses to certify a candidate site before it is uncertified', () =>
    given(at('Candidate')).when(certify('Certified')).thenRejects('CERTIFICATION_TRANSITION_FORBIDDEN'));

  it('refuses a change to the status the site already has', () => given(at('Certified')).when(certify('Certified')).thenRejects('CERTIFICATION_UNCHANGED'));

  it('keeps every change in the history, each starting from the last status', () =>
    given([...at('Certified'), { type: 'SiteCertificationChanged', data: { shortName: 'EXAMPLE-SITE', from: 'Certified', to: 'Suspended', reason: 'r' } }])
      .when(certify('Uncertified'))
      .then([{ type: 'SiteCertificationChanged', data: { shortName: 'EXAMPLE-SITE', from: 'Suspended', to: 'Uncertified', reason: 'site passed the certification tests' } }]));

  it('allows exactly the transitions GOCDB allows', () => {
    const allowed = (from: CertificationStatus) =>
      (['Candidate', 'Uncertified', 'Certified', 'Suspended', 'Closed'] as const).filter((to) => to !== from && canChangeCertification(from, to));
    expect(allowed('Candidate')).toEqual(['Uncertified', 'Closed']);
    expect(allowed('Uncertified')).toEqual(['Candidate', 'Certified', 'Suspended', 'Closed']);
    expect(allowed('Certified')).toEqual(['Candidate', 'Uncertified', 'Suspended', 'Closed']);
    expect(allowed('Suspended')).toEqual(['Candidate', 'Uncertified', 'Closed']);
    expect(allowed('Closed')).toEqual([]);
  });
});

describe('site removal', () => {
  it('refuses to remove a site that still hosts services', () =>
    given([siteRegistered()], { view: sampleTopology() }).when({ type: 'RemoveSite', shortName: 'EXAMPLE-SITE' }).thenRejects('SITE_HAS_SERVICES'));

  it('removes a site without services', () =>
    given([siteRegistered()], { view: viewOf(ngiRegistered(), siteRegistered()) })
      .when({ type: 'RemoveSite', shortName: 'EXAMPLE-SITE' })
      .then([{ type: 'SiteRemoved', data: { shortName: 'EXAMPLE-SITE' } }]));
});
