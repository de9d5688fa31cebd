import { describe, it } from 'vitest';
import { deciderSpec } from '../shared/decider-spec';
import { DAY, HOUR, MINUTE } from '../shared/time';
import { sampleTopology } from '../topology/topology.fixtures';
import type { DowntimeCommand } from './downtime.decider';
import { downtimeDecider } from './downtime.decider';
import type { DowntimeData, DowntimeEvent } from './downtime.events';

const now = Date.UTC(2025, 5, 2, 10);
const given = deciderSpec(downtimeDecider, () => ({ view: sampleTopology(), now }));

const downtime = (over: Partial<DowntimeData> = {}): DowntimeData => ({
  id: 'DT1',
  site: 'EXAMPLE-SITE',
  services: ['1G0'],
  endpoints: [],
  severity: 'OUTAGE',
  classification: 'SCHEDULED',
  start: now + 3 * DAY,
  end: now + 4 * DAY,
  description: 'Kernel upgrade',
  ...over,
});
const declared = (over: Partial<DowntimeData> = {}): DowntimeEvent => ({ type: 'DowntimeDeclared', data: downtime(over) });
const updated = (over: Partial<DowntimeData> = {}): DowntimeEvent => ({ type: 'DowntimeUpdated', data: downtime(over) });
/** Ongoing since an hour, declared as it happened. */
const ongoing = (over: Partial<DowntimeData> = {}) => declared({ classification: 'UNSCHEDULED', start: now - HOUR, end: now + 5 * HOUR, ...over });

const declare = (over: Partial<Extract<DowntimeCommand, { type: 'DeclareDowntime' }>> = {}): DowntimeCommand => ({
  type: 'DeclareDowntime',
  id: 'DT1',
  services: ['1G0'],
  severity: 'OUTAGE',
  start: now + 3 * DAY,
  end: now + 4 * DAY,
  description: 'Kernel upgrade',
  ...over,
});
const update = (over: Partial<Extract<DowntimeCommand, { type: 'UpdateDowntime' }>> = {}): DowntimeCommand => ({ type: 'UpdateDowntime', id: 'DT1', ...over });

describe('declaring a downtime', () => {
  it('classifies a downtime starting more than 24 h ahead as scheduled, on the site of its services', () =>
    given().when(declare()).then([declared()]));

  it('classifies a downtime starting within 24 h as unscheduled', () =>
    given()
      .when(declare({ start: now + 24 * HOUR, end: now + 30 * HOUR }))
      .then([declared({ classification: 'UNSCHEDULED', start: now + 24 * HOUR, end: now + 30 * HOUR })]));

  it('requires at least one service', () => given().when(declare({ services: [] })).thenRejects('DOWNTIME_WITHOUT_SERVICES', 'services'));

  it('refuses services of two different sites', () =>
    given().when(declare({ services: ['1G0', '3G0'] })).thenRejects('SERVICES_ON_SEVERAL_SITES', 'services'));

  it('refuses a service that does not exist', () => given().when(declare({ services: ['99G0'] })).thenRejects('UNKNOWN_SERVICE', 'services'));

  it('accepts several services of one site with some of their endpoints', () =>
    given()
      .when(declare({ services: ['1G0', '2G0', '1G0'], endpoints: ['2'] }))
      .then([declared({ services: ['1G0', '2G0'], endpoints: ['2'] })]));

  it('refuses an endpoint of a service the downtime does not affect', () =>
    given().when(declare({ services: ['2G0'], endpoints: ['1'] })).thenRejects('ENDPOINT_NOT_IN_AFFECTED_SERVICES', 'endpoints'));

  it('refuses an endpoint that does not exist', () => given().when(declare({ endpoints: ['42'] })).thenRejects('UNKNOWN_ENDPOINT', 'endpoints'));

  it('refuses a downtime that ends when it starts', () =>
    given().when(declare({ start: now + DAY, end: now + DAY })).thenRejects('START_NOT_BEFORE_END', 'end'));

  it('records an outage that began up to 48 h ago', () =>
    given()
      .when(declare({ start: now - 47 * HOUR, end: now - HOUR }))
      .then([declared({ classification: 'UNSCHEDULED', start: now - 47 * HOUR, end: now - HOUR })]));

  it('refuses a downtime starting more than 48 h ago', () =>
    given().when(declare({ start: now - 49 * HOUR, end: now })).thenRejects('START_TOO_FAR_IN_PAST', 'start'));

  it('requires a description', () => given().when(declare({ description: '' })).thenRejects('DOWNTIME_DESCRIPTION_REQUIRED', 'description'));

  it('refuses to declare the same downtime twice', () => given([declared()]).when(declare()).thenRejects('DOWNTIME_ALREADY_DECLARED'));
});

describe('editing a downtime', () => {
  it('reclassifies a scheduled downtime moved to start within 24 h as unscheduled', () =>
    given([declared()])
      .when(update({ start: now + 2 * HOUR }))
      .then([updated({ classification: 'UNSCHEDULED', start: now + 2 * HOUR })]));

  it('reclassifies an unscheduled downtime moved days ahead as scheduled', () =>
    given([declared({ classification: 'UNSCHEDULED', start: now + 2 * HOUR, end: now + 5 * DAY })])
      .when(update({ start: now + 3 * DAY }))
      .then([updated({ start: now + 3 * DAY, end: now + 5 * DAY })]));

  it('refuses to edit a finished downtime', () =>
    given([ongoing({ start: now - 3 * HOUR, end: now - HOUR })]).when(update({ description: 'typo' })).thenRejects('DOWNTIME_FINISHED'));

  it('refuses to edit a scheduled downtime that starts within 24 h', () =>
    given([declared({ start: now + 23 * HOUR, end: now + DAY + 23 * HOUR })])
      .when(update({ description: 'typo' }))
      .thenRejects('SCHEDULED_DOWNTIME_LOCKED'));

  it('refuses to make a downtime end later', () =>
    given([declared()]).when(update({ end: now + 4 * DAY + MINUTE })).thenRejects('DOWNTIME_EXTENSION_FORBIDDEN', 'end'));

  it('shortens an ongoing unscheduled downtime', () =>
    given([ongoing()])
      .when(update({ end: now + 2 * HOUR, severity: 'WARNING' }))
      .then([updated({ classification: 'UNSCHEDULED', start: now - HOUR, end: now + 2 * HOUR, severity: 'WARNING' })]));

  it('still lets a long ongoing downtime be edited without moving its old start', () =>
    given([ongoing({ start: now - 47 * HOUR })], { now: now + 2 * HOUR })
      .when(update({ description: 'Disk replaced, restoring data' }))
      .then([updated({ classification: 'UNSCHEDULED', start: now - 47 * HOUR, end: now + 5 * HOUR, description: 'Disk replaced, restoring data' })]));

  it('checks edited services like new ones', () =>
    given([declared()]).when(update({ services: ['1G0', '3G0'] })).thenRejects('SERVICES_ON_SEVERAL_SITES'));

  it('answers not found for a cancelled downtime', () =>
    given([declared(), { type: 'DowntimeCancelled', data: { id: 'DT1' } }]).when(update({ description: 'x' })).thenNotFound('downtime'));
});

describe('cancelling a downtime', () => {
  it('deletes a downtime that has not started', () =>
    given([declared()]).when({ type: 'CancelDowntime', id: 'DT1' }).then([{ type: 'DowntimeCancelled', data: { id: 'DT1' } }]));

  it('refuses to delete a downtime that has started', () =>
    given([ongoing()]).when({ type: 'CancelDowntime', id: 'DT1' }).thenRejects('DOWNTIME_ALREADY_STARTED'));

  it('refuses to delete a scheduled downtime that starts within 24 h', () =>
    given([declared({ start: now + 12 * HOUR, end: now + 2 * DAY })]).when({ type: 'CancelDowntime', id: 'DT1' }).thenRejects('SCHEDULED_DOWNTIME_LOCKED'));

  it('answers not found for an unknown downtime', () => given().when({ type: 'CancelDowntime', id: 'DT1' }).thenNotFound('downtime'));
});

describe('ending a downtime now', () => {
  it('ends an ongoing downtime one minute from now', () =>
    given([ongoing()])
      .when({ type: 'EndDowntimeNow', id: 'DT1' })
      .then([{ type: 'DowntimeEndedEarly', data: { id: 'DT1', end: now + MINUTE } }]));

  it('refuses to end a downtime that has not started', () =>
    given([declared()]).when({ type: 'EndDowntimeNow', id: 'DT1' }).thenRejects('DOWNTIME_NOT_STARTED'));

  it('refuses to end a finished downtime', () =>
    given([ongoing({ end: now - MINUTE })]).when({ type: 'EndDowntimeNow', id: 'DT1' }).thenRejects('DOWNTIME_FINISHED'));

  it('changes nothing for a downtime ending within the minute anyway', () =>
    given([ongoing({ end: now + 30_000 })]).when({ type: 'EndDowntimeNow', id: 'DT1' }).then([]));

  it('counts a downtime ended early as finished once its new end passes', () =>
    given([ongoing(), { type: 'DowntimeEndedEarly', data: { id: 'DT1', end: now + MINUTE } }], { now: now + 2 * MINUTE })
      .when(update({ description: 'x' }))
      .thenRejects('DOWNTIME_FINISHED'));
});
