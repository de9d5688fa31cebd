import {
  evolveView,
  ngiNameTaken,
  RuleViolation,
  siteDecider,
  type NgiEvent,
  type SiteCommand,
  type SiteData,
  type SiteState,
} from '@vigil/domain';
import type { GocdbSite } from './gocdb.records';
import { runCommands, sameData, type Change } from './sync-support';
import { tracked, type TenantState } from './tenant-state';

/** Recorded with every certification change the import makes (GOCDB's own reason is not in the PI). */
export const IMPORT_CERTIFICATION_REASON = 'certification status imported from GOCDB';

/**
 * A site's changes: its NGI when new (GOCDB names it only as the site's ROC), then registration
 * with GOCDB's certification status as is, or updates and a certification change under the usual rules.
 */
export function syncSite(site: GocdbSite, current: TenantState, now: number): Change[] {
  const changes: Change[] = [];
  let view = current.view;
  if (!view.ngis.has(site.ngi)) {
    if (ngiNameTaken(view, site.ngi)) throw new RuleViolation('NGI_NAME_TAKEN', `an NGI named like ${site.ngi} exists with another case`, 'ngi');
    const registered: NgiEvent = { type: 'NgiRegistered', data: implicitNgi(site.ngi) };
    changes.push({ kind: 'ngi', key: site.ngi, events: [registered] });
    view = evolveView(view, registered);
  }
  const { state } = tracked(current.streams, 'site', site.shortName);
  const events = runCommands(siteDecider, state, view, siteCommands(site, state), now);
  if (events.length > 0) changes.push({ kind: 'site', key: site.shortName, events });
  return changes;
}

// The PI's site does not carry its NGI's contacts: they stay empty until someone sets them.
const implicitNgi = (name: string) => ({ name, email: '', rodEmail: null, helpdeskEmail: null, securityEmail: null, scopes: [] });

function siteCommands(site: GocdbSite, state: SiteState): SiteCommand[] {
  const fields = siteFields(site);
  if (state.status !== 'registered') return [{ type: 'RegisterSite', ...fields, certificationStatus: site.certificationStatus }];
  const commands: SiteCommand[] = [];
  if (!sameData(state.site, fields)) commands.push({ type: 'UpdateSite', ...fields });
  if (state.certificationStatus !== site.certificationStatus) {
    commands.push({ type: 'ChangeSiteCertification', shortName: site.shortName, to: site.certificationStatus, reason: IMPORT_CERTIFICATION_REASON });
  }
  return commands;
}

const siteFields = (s: GocdbSite): SiteData => ({
  shortName: s.shortName,
  officialName: s.officialName,
  ngi: s.ngi,
  country: s.country,
  timezone: s.timezone,
  domain: s.domain,
  productionInfrastructure: s.productionInfrastructure,
  scopes: s.scopes,
  contacts: s.contacts,
});
