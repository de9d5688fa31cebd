import type { GocdbService, GocdbSite } from '@vigil/gocdb';
import { DEMO_SERVICE_TYPES, SITE_BDII, type DemoServiceType } from './demo-service-types';
import { SeededRandom } from './seeded-random';

export interface TopologyOptions {
  seed: number;
  ngis: number;
  sites: number;
  /** ARGO endpoints = GOCDB services (hostname × service type); at least one per site. */
  endpoints: number;
}

export interface DemoTopology {
  ngis: string[];
  sites: GocdbSite[];
  services: GocdbService[];
}

/** Countries of EGI's NGIs: code, name, timezone, top-level domain, institutes. */
const COUNTRIES: readonly [string, string, string, string, string[]][] = [
  ['DE', 'Germany', 'Europe/Berlin', 'de', ['KIT', 'DESY', 'GSI', 'LRZ', 'RWTH', 'FZJ', 'UNI-FREIBURG', 'MPPMU']],
  ['IT', 'Italy', 'Europe/Rome', 'it', ['INFN-CNAF', 'INFN-BARI', 'INFN-NAPOLI', 'INFN-TORINO', 'INFN-PADOVA', 'INFN-MILANO', 'INFN-ROMA1']],
  ['UK', 'United Kingdom', 'Europe/London', 'ac.uk', ['RAL', 'QMUL', 'IC', 'GLASGOW', 'MANCHESTER', 'LANCS', 'OXFORD', 'BRUNEL']],
  ['FR', 'France', 'Europe/Paris', 'fr', ['IN2P3-CC', 'GRIF-LAL', 'GRIF-IRFU', 'IN2P3-CPPM', 'IN2P3-LAPP', 'IN2P3-SUBATECH']],
  ['ES', 'Spain', 'Europe/Madrid', 'es', ['PIC', 'IFCA', 'IFIC', 'CIEMAT', 'UAM', 'CESGA']],
  ['NL', 'Netherlands', 'Europe/Amsterdam', 'nl', ['SARA', 'NIKHEF', 'RUG', 'SURF']],
  ['PL', 'Poland', 'Europe/Warsaw', 'pl', ['CYFRONET', 'PSNC', 'ICM', 'WCSS', 'TASK']],
  ['CZ', 'Czech Republic', 'Europe/Prague', 'cz', ['PRAGUE-LCG2', 'CESNET', 'MUNI']],
  ['GR', 'Greece', 'Europe/Athens', 'gr', ['GRNET', 'AUTH', 'IASA', 'UOI']],
  ['PT', 'Portugal', 'Europe/Lisbon', 'pt', ['LIP-LISBON', 'LIP-COIMBRA', 'NCG-INGRID', 'UMINHO']],
  ['CH', 'Switzerland', 'Europe/Zurich', 'ch', ['CSCS', 'UNIBE', 'UNIGE', 'PSI']],
  ['AT', 'Austria', 'Europe/Vienna', 'at', ['HEPHY', 'UIBK', 'VSC']],
  ['BE', 'Belgium', 'Europe/Brussels', 'be', ['IIHE', 'UCL', 'UGENT']],
  ['SE', 'Sweden', 'Europe/Stockholm', 'se', ['NSC', 'HPC2N', 'UPPMAX', 'LUNARC']],
  ['NO', 'Norway', 'Europe/Oslo', 'no', ['UIO', 'UIB', 'NTNU']],
  ['FI', 'Finland', 'Europe/Helsinki', 'fi', ['CSC', 'HIP']],
  ['DK', 'Denmark', 'Europe/Copenhagen', 'dk', ['NBI', 'DCSC']],
  ['HU', 'Hungary', 'Europe/Budapest', 'hu', ['KFKI', 'NIIF', 'BME']],
  ['RO', 'Romania', 'Europe/Bucharest', 'ro', ['NIHAM', 'NIPNE', 'ISS', 'UAIC']],
  ['BG', 'Bulgaria', 'Europe/Sofia', 'bg', ['IICT', 'INRNE']],
  ['HR', 'Croatia', 'Europe/Zagreb', 'hr', ['SRCE', 'IRB', 'FER']],
  ['SI', 'Slovenia', 'Europe/Ljubljana', 'si', ['ARNES', 'IJS', 'SLING']],
  ['SK', 'Slovakia', 'Europe/Bratislava', 'sk', ['IISAS', 'TU-KOSICE', 'FMPH']],
  ['RS', 'Serbia', 'Europe/Belgrade', 'rs', ['IPB', 'RCUB']],
  ['TR', 'Turkey', 'Europe/Istanbul', 'tr', ['ULAKBIM', 'TRUBA', 'METU']],
  ['IL', 'Israel', 'Asia/Jerusalem', 'il', ['TECHNION', 'WEIZMANN', 'TAU']],
  ['IE', 'Ireland', 'Europe/Dublin', 'ie', ['TCD', 'ICHEC']],
  ['EE', 'Estonia', 'Europe/Tallinn', 'ee', ['ETF', 'KBFI']],
  ['LT', 'Lithuania', 'Europe/Vilnius', 'lt', ['VU', 'KTU']],
  ['LV', 'Latvia', 'Europe/Riga', 'lv', ['IMCS', 'RTU']],
  ['CY', 'Cyprus', 'Asia/Nicosia', 'cy', ['CYI', 'UCY']],
  ['MK', 'North Macedonia', 'Europe/Skopje', 'mk', ['UKIM', 'FINKI']],
  ['AM', 'Armenia', 'Asia/Yerevan', 'am', ['IIAP', 'YERPHI']],
  ['GE', 'Georgia', 'Asia/Tbilisi', 'ge', ['GRENA', 'TSU']],
  ['MD', 'Moldova', 'Europe/Chisinau', 'md', ['RENAM', 'IMI']],
  ['UA', 'Ukraine', 'Europe/Kyiv', 'ua', ['KNU', 'BITP', 'KIPT']],
  ['BY', 'Belarus', 'Europe/Minsk', 'by', ['UIIP', 'BSU']],
  ['BA', 'Bosnia and Herzegovina', 'Europe/Sarajevo', 'ba', ['ETFBL', 'UNSA']],
  ['ME', 'Montenegro', 'Europe/Podgorica', 'me', ['UOM', 'MREN']],
  ['IS', 'Iceland', 'Atlantic/Reykjavik', 'is', ['RHNET', 'HI']],
];

const SUFFIXES = ['LCG2', 'T2', 'T3', 'GRID', 'CLOUD', 'HPC'];

/**
 * An EGI-like registry: NGIs named after countries, sites with realistic names, domains and
 * timezones spread unevenly over them (a few big sites, many small ones), every site with one
 * Site-BDII and the rest of the endpoints drawn from the EGI service types. Deterministic for a seed.
 */
export function generateTopology(o: TopologyOptions): DemoTopology {
  checkCounts(o);
  const rnd = new SeededRandom(o.seed).fork('topology');
  const ngis = Array.from({ length: o.ngis }, (_, i) => ngiName(i));
  const sites = generateSites(rnd, o, ngis);
  return { ngis, sites, services: generateServices(rnd, o, sites) };
}

function checkCounts(o: TopologyOptions): void {
  for (const [name, value] of Object.entries({ ngis: o.ngis, sites: o.sites, endpoints: o.endpoints })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  if (o.sites < o.ngis) throw new RangeError(`sites (${o.sites}) must be at least ngis (${o.ngis}): every NGI has a site`);
  if (o.endpoints < o.sites) throw new RangeError(`endpoints (${o.endpoints}) must be at least sites (${o.sites}): every site runs a Site-BDII`);
}

const country = (ngiIndex: number) => COUNTRIES[ngiIndex % COUNTRIES.length];
const ngiName = (i: number): string => `NGI_${country(i)[0]}${i >= COUNTRIES.length ? Math.floor(i / COUNTRIES.length) + 1 : ''}`;

function generateSites(rnd: SeededRandom, o: TopologyOptions, ngis: string[]): GocdbSite[] {
  // Every NGI gets one site; the others go to NGIs with Zipf-like weights (a few large NGIs).
  const ngiOf = [...ngis.keys(), ...Array.from({ length: o.sites - o.ngis }, () => rnd.weighted(ngis.map((_, i) => 1 / (1 + i * 0.35))))];
  const taken = new Set<string>();
  return ngiOf.map((n, i) => {
    const [cc, countryName, timezone, tld, institutes] = country(n);
    const institute = rnd.pick(institutes);
    let shortName = `${cc}-${institute}-${rnd.pick(SUFFIXES)}`;
    for (let k = 2; taken.has(shortName); k++) shortName = `${cc}-${institute}-${k}`;
    taken.add(shortName);
    const domain = `${institute.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.${tld}`;
    return {
      primaryKey: `${1000 + i}G0`,
      shortName,
      officialName: `${institute.replace(/-/g, ' ')} grid site (${countryName})`,
      ngi: ngis[n],
      country: countryName,
      timezone,
      domain,
      certificationStatus: 'Certified',
      productionInfrastructure: 'Production',
      scopes: ['EGI'],
      contacts: [{ role: 'Site Administrator', email: `grid-admin@${domain}`, name: null }],
    };
  });
}

function generateServices(rnd: SeededRandom, o: TopologyOptions, sites: GocdbSite[]): GocdbService[] {
  // Site sizes follow a heavy tail: Tier-1-like sites run dozens of services, most run a handful.
  const siteWeights = sites.map(() => Math.pow(rnd.next(), 3) + 0.05);
  const types = DEMO_SERVICE_TYPES.filter((t) => t.weight > 0);
  const placements: [number, DemoServiceType][] = sites.map((_, i) => [i, SITE_BDII]);
  for (let k = sites.length; k < o.endpoints; k++) placements.push([rnd.weighted(siteWeights), types[rnd.weighted(types.map((t) => t.weight))]]);
  const perHost = new Map<string, number>();
  return placements.map(([s, type], i) => {
    const site = sites[s];
    const key = `${site.shortName}/${type.host}`;
    const n = (perHost.get(key) ?? 0) + 1;
    perHost.set(key, n);
    const hostname = `${type.host}${String(n).padStart(2, '0')}.${site.shortName.toLowerCase()}.${site.domain}`;
    return {
      primaryKey: `${10_000 + i}G0`,
      hostname,
      serviceType: type.name,
      site: site.shortName,
      production: true,
      monitored: true,
      beta: false,
      notify: true,
      url: null,
      scopes: ['EGI'],
      endpoints: [],
    };
  });
}
