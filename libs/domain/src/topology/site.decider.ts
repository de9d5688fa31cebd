import { NotFound, RuleViolation } from '../shared/rule-violation';
import { definedOnly, requireText } from '../shared/validation';
import type { ViewDecider } from '../shared/view-decider';
import { checkCertificationChange } from './certification';
import type { CertificationStatus, ProductionInfrastructure, SiteContact, SiteData, SiteEvent } from './topology.events';
import type { TopologyView } from './topology-view';
import { servicesOfSite, siteNameTaken } from './topology-view';

type SiteOptionals = { productionInfrastructure?: ProductionInfrastructure; scopes?: string[]; contacts?: SiteContact[] };

export type SiteCommand =
  | ({
      type: 'RegisterSite';
      shortName: string;
      officialName: string;
      ngi: string;
      country: string;
      timezone: string;
      domain: string;
      /** Defaults to Candidate, where GOCDB starts a new site. */
      certificationStatus?: CertificationStatus;
    } & SiteOptionals)
  | ({
      type: 'UpdateSite';
      shortName: string;
      officialName?: string;
      ngi?: string;
      country?: string;
      timezone?: string;
      domain?: string;
    } & SiteOptionals)
  | { type: 'ChangeSiteCertification'; shortName: string; to: CertificationStatus; reason: string }
  | { type: 'RemoveSite'; shortName: string };

export type SiteState =
  | { status: 'none' }
  | { status: 'registered'; site: SiteData; certificationStatus: CertificationStatus }
  | { status: 'removed' };

export const initialSiteState = (): SiteState => ({ status: 'none' });

export function decideSite(command: SiteCommand, state: SiteState, view: TopologyView, _now: number): SiteEvent[] {
  switch (command.type) {
    case 'RegisterSite': {
      if (state.status === 'registered') throw new RuleViolation('SITE_ALREADY_REGISTERED', `site ${command.shortName} already exists`, 'shortName');
      requireText(command.shortName, 'SITE_SHORT_NAME_REQUIRED', 'shortName');
      if (siteNameTaken(view, command.shortName)) {
        throw new RuleViolation('SITE_SHORT_NAME_TAKEN', `a site named ${command.shortName} already exists`, 'shortName');
      }
      requireNgi(view, command.ngi);
      const { type: _type, certificationStatus = 'Candidate', ...rest } = command;
      const site: SiteData = { productionInfrastructure: 'Production', scopes: [], contacts: [], ...definedOnly(rest) } as SiteData;
      return [{ type: 'SiteRegistered', data: { ...siteData(site), certificationStatus } }];
    }
    case 'UpdateSite': {
      const current = registered(state, command.shortName).site;
      const { type: _type, ...patch } = command;
      const site: SiteData = { ...current, ...definedOnly(patch), shortName: current.shortName };
      if (site.ngi !== current.ngi) requireNgi(view, site.ngi);
      return [{ type: 'SiteUpdated', data: siteData(site) }];
    }
    case 'ChangeSiteCertification': {
      const from = registered(state, command.shortName).certificationStatus;
      checkCertificationChange(from, command.to, command.reason);
      return [{ type: 'SiteCertificationChanged', data: { shortName: command.shortName, from, to: command.to, reason: command.reason } }];
    }
    case 'RemoveSite': {
      registered(state, command.shortName);
      const services = servicesOfSite(view, command.shortName);
      if (services.length > 0) {
        throw new RuleViolation('SITE_HAS_SERVICES', `site ${command.shortName} still hosts ${services.length} service(s); remove or move them first`);
      }
      return [{ type: 'SiteRemoved', data: { shortName: command.shortName } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown site command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveSite(state: SiteState, event: SiteEvent): SiteState {
  switch (event.type) {
    case 'SiteRegistered': {
      const { certificationStatus, ...site } = event.data;
      return { status: 'registered', site, certificationStatus };
    }
    case 'SiteUpdated':
      return state.status === 'registered' ? { ...state, site: event.data } : state;
    case 'SiteCertificationChanged':
      return state.status === 'registered' ? { ...state, certificationStatus: event.data.to } : state;
    case 'SiteRemoved':
      return { status: 'removed' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const siteDecider: ViewDecider<SiteCommand, SiteState, SiteEvent, TopologyView> = {
  decide: decideSite,
  evolve: evolveSite,
  initialState: initialSiteState,
};

function registered(state: SiteState, shortName: string) {
  if (state.status !== 'registered') throw new NotFound('site', shortName);
  return state;
}

function requireNgi(view: TopologyView, ngi: string): void {
  if (!view.ngis.has(ngi)) throw new RuleViolation('UNKNOWN_NGI', `no NGI named ${ngi}`, 'ngi');
}

/** Exactly the event's fields, in schema order: no stray command fields leak into the event. */
const siteData = (s: SiteData): SiteData => ({
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
