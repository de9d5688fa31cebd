import { Inject, Injectable } from '@nestjs/common';
import { OVERSIGHT } from '@vigil/domain';
import { CLICKHOUSE } from '@vigil/platform';
import { join, sql, type ClickHouse } from '@vigil/read-models';
import { badRequest } from '../registry/shared/http-errors';
import { DEFAULT_ALARM_PAGE, type AlarmDetailDto, type AlarmDto, type AlarmListQuery, type AlarmPageDto, type OversightDto, type OversightSiteDto } from './alarms.dto';

interface AlarmRow {
  alarm_id: string;
  state: string;
  site: string;
  ngi: string;
  service_id: string;
  service: string;
  hostname: string;
  status: string;
  ticket_id: string;
  reason: string;
  raised_s: string | number;
  cleared_s: string | number | null;
  updated_s: string | number;
}

const ALARM_COLUMNS = sql`alarm_id, state, site, ngi, service_id, service, hostname, status, ticket_id, reason,
  toUnixTimestamp(raised_at) AS raised_s, if(isNull(cleared_at), NULL, toUnixTimestamp(assumeNotNull(cleared_at))) AS cleared_s, toUnixTimestamp(updated_at) AS updated_s`;

const round = (x: number) => Math.round(Number(x) * 1000) / 1000;
const iso = (seconds: string | number) => new Date(Number(seconds) * 1000).toISOString();

const CURSOR = /^v1:(\d+):(.+)$/;
const encodeCursor = (r: AlarmRow) => Buffer.from(`v1:${r.raised_s}:${r.alarm_id}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): { raised: number; alarmId: string } {
  const m = /^[A-Za-z0-9_-]+$/.test(cursor) ? CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  if (!m) throw badRequest('cursor', 'is not a cursor returned by a previous page');
  return { raised: Number(m[1]), alarmId: m[2] };
}

const present = (r: AlarmRow): AlarmDto => ({
  alarmId: r.alarm_id,
  state: r.state,
  site: r.site,
  ngi: r.ngi,
  serviceId: r.service_id,
  service: r.service,
  hostname: r.hostname,
  status: r.status,
  ticketId: r.ticket_id || null,
  reason: r.reason || null,
  raisedAt: iso(r.raised_s),
  clearedAt: r.cleared_s === null ? null : iso(r.cleared_s),
  updatedAt: iso(r.updated_s),
});

/** Alarms and the oversight view, read from the alarms projector's tables. */
@Injectable()
export class AlarmsReader {
  constructor(@Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse) {}

  async list(tenant: string, q: AlarmListQuery): Promise<AlarmPageDto> {
    if (q.site && q.endpointGroup && q.site !== q.endpointGroup) throw badRequest('endpointGroup', 'names another site than site: give one of them');
    const site = q.site ?? q.endpointGroup;
    const limit = q.limit ?? DEFAULT_ALARM_PAGE;
    const after = q.cursor === undefined ? null : decodeCursor(q.cursor);
    const rows = await this.clickhouse.query<AlarmRow>(sql`
      SELECT ${ALARM_COLUMNS}
      FROM alarms_current FINAL
      WHERE tenant = ${tenant}
        ${site ? sql`AND site = ${site}` : sql``}
        ${q.ngi ? sql`AND ngi = ${q.ngi}` : sql``}
        ${q.state ? sql`AND state = ${q.state}` : sql``}
        ${q.service ? sql`AND service = ${q.service}` : sql``}
        ${q.hostname ? sql`AND lower(hostname) = ${q.hostname.toLowerCase()}` : sql``}
        ${after ? sql`AND (toUnixTimestamp(raised_at) < ${after.raised} OR (toUnixTimestamp(raised_at) = ${after.raised} AND alarm_id > ${after.alarmId}))` : sql``}
      ORDER BY raised_at DESC, alarm_id
      LIMIT ${limit + 1}`);
    const page = rows.slice(0, limit);
    return { items: page.map(present), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
  }

  /** One alarm with its history, or null when the tenant has no such alarm. */
  async get(tenant: string, alarmId: string): Promise<AlarmDetailDto | null> {
    const [row] = await this.clickhouse.query<AlarmRow>(sql`
      SELECT ${ALARM_COLUMNS} FROM alarms_current FINAL WHERE tenant = ${tenant} AND alarm_id = ${alarmId}`);
    if (!row) return null;
    const history = await this.clickhouse.query<{ event: string; status: string; ticket_id: string; reason: string; at_s: string | number }>(sql`
      SELECT event, status, ticket_id, reason, toUnixTimestamp(at) AS at_s FROM alarms_history FINAL
      WHERE tenant = ${tenant} AND alarm_id = ${alarmId} ORDER BY position`);
    return {
      ...present(row),
      history: history.map((h) => ({ event: h.event, status: h.status, ticketId: h.event === 'ATTACHED' ? h.ticket_id : null, reason: h.event === 'CLEARED' ? h.reason : null, at: iso(h.at_s) })),
    };
  }

  /** Sites meeting domain.md §3's criteria at `now`. */
  async oversight(tenant: string, ngi: string | undefined, now: number): Promise<OversightDto> {
    const byNgi = ngi ? sql`AND ngi = ${ngi}` : sql``;
    const seconds = (ms: number) => Math.floor(ms / 1000);
    const [alarms, unsolved, expired, downtimes] = await Promise.all([
      this.clickhouse.query<{ site: string; ngi: string; id: string }>(sql`
        SELECT site, ngi, alarm_id AS id FROM alarms_current FINAL
        WHERE tenant = ${tenant} AND state = 'open' AND toUnixTimestamp(raised_at) < ${seconds(now - OVERSIGHT.alarmAge)} ${byNgi}`),
      this.clickhouse.query<{ site: string; ngi: string; id: string }>(sql`
        SELECT site, ngi, ticket_id AS id FROM tickets_current FINAL
        WHERE tenant = ${tenant} AND state = 'open' AND toUnixTimestamp(opened_at) < ${seconds(now - OVERSIGHT.ticketUnsolved)} ${byNgi}`),
      this.clickhouse.query<{ site: string; ngi: string; id: string }>(sql`
        SELECT site, ngi, ticket_id AS id FROM tickets_current FINAL
        WHERE tenant = ${tenant} AND state = 'open' AND toUnixTimestamp(expires_at) < ${seconds(now - OVERSIGHT.ticketExpiredFor)} ${byNgi}`),
      // Downtimes carry no NGI: their sites' NGIs come from the sites' tickets and alarms, or the topology.
      this.clickhouse.query<{ site: string; id: string }>(sql`
        SELECT site, downtime_id AS id FROM downtimes_current FINAL
        WHERE tenant = ${tenant} AND cancelled = 0 AND toUnixTimestamp(end_time) > ${seconds(now)}
          AND toUnixTimestamp(end_time) - toUnixTimestamp(start_time) > ${seconds(OVERSIGHT.downtimeLength)}`),
    ]);
    const lowAr = await this.belowArTargets(tenant, now);
    const ngis = await this.siteNgis(tenant, [...downtimes.map((d) => d.site), ...lowAr.map((r) => r.site)]);
    const sites = new Map<string, OversightSiteDto>();
    const entry = (site: string, siteNgi: string) => {
      let s = sites.get(site);
      if (!s) sites.set(site, (s = { site, ngi: siteNgi, reasons: [], oldAlarms: [], unsolvedTickets: [], expiredTickets: [], longDowntimes: [], availability: null, reliability: null }));
      return s;
    };
    for (const r of alarms) entry(r.site, r.ngi).oldAlarms.push(r.id);
    for (const r of unsolved) entry(r.site, r.ngi).unsolvedTickets.push(r.id);
    for (const r of expired) entry(r.site, r.ngi).expiredTickets.push(r.id);
    for (const r of downtimes) if (!ngi || ngis.get(r.site) === ngi) entry(r.site, ngis.get(r.site) ?? '').longDowntimes.push(r.id);
    for (const r of lowAr) if (!ngi || ngis.get(r.site) === ngi) Object.assign(entry(r.site, ngis.get(r.site) ?? ''), { availability: round(r.availability), reliability: round(r.reliability) });
    for (const s of sites.values()) {
      if (s.oldAlarms.length) s.reasons.push('ALARMS_OLDER_THAN_72H');
      if (s.unsolvedTickets.length) s.reasons.push('TICKETS_UNSOLVED_FOR_A_MONTH');
      if (s.expiredTickets.length) s.reasons.push('TICKETS_EXPIRED_FOR_3_DAYS');
      if (s.longDowntimes.length) s.reasons.push('DOWNTIMES_LONGER_THAN_A_MONTH');
      if (s.availability !== null) s.reasons.push('AR_BELOW_TARGETS');
      for (const list of [s.oldAlarms, s.unsolvedTickets, s.expiredTickets, s.longDowntimes]) list.sort();
    }
    return { at: new Date(now).toISOString(), sites: [...sites.values()].sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0)) };
  }

  /**
   * Sites below the EGI targets (80 % availability or 85 % reliability) over the last 30 full UTC
   * days, with ARGO's range formulas over the final daily rows.
   */
  private belowArTargets(tenant: string, now: number): Promise<{ site: string; availability: number; reliability: number }[]> {
    const today = new Date(now).toISOString().slice(0, 10);
    return this.clickhouse.query<{ site: string; availability: number; reliability: number }>(sql`
      SELECT site, availability, reliability FROM (
        SELECT endpoint_group AS site,
               avg(up) / (1.00000001 - avg(unknown)) * 100 AS availability,
               avg(up) / ((1.00000001 - avg(unknown)) - avg(down)) * 100 AS reliability
        FROM ar_daily FINAL
        WHERE tenant = ${tenant} AND level = 'group' AND final = 1
          AND day >= toDate(${today}) - ${OVERSIGHT.arDays} AND day < toDate(${today})
          AND endpoint_group IN (SELECT endpoint_group FROM topology_groups WHERE tenant = ${tenant} AND group_type = 'SITES')
        GROUP BY endpoint_group
      )
      WHERE availability < ${OVERSIGHT.availabilityTarget} OR reliability < ${OVERSIGHT.reliabilityTarget}`);
  }

  /** NGI of each site, from the registry topology the topology projector keeps. */
  private async siteNgis(tenant: string, sites: string[]): Promise<Map<string, string>> {
    if (sites.length === 0) return new Map();
    const rows = await this.clickhouse.query<{ site: string; ngi: string }>(sql`
      SELECT endpoint_group AS site, argMax(supergroup, position) AS ngi FROM topology_groups
      WHERE tenant = ${tenant} AND group_type = 'SITES' AND endpoint_group IN (${join([...new Set(sites)])})
      GROUP BY endpoint_group`);
    return new Map(rows.map((r) => [r.site, r.ngi]));
  }
}
