/** An EGI service type as the demo deploys and probes it. */
export interface DemoServiceType {
  /** GOCDB service type = ARGO service. */
  name: string;
  /** ARGO aggregation function (group of the aggregation profile); null: monitored but not aggregated, as in EGI's profiles. */
  function: 'compute' | 'storage' | 'information' | 'cloud' | null;
  /** Share of a site's services beyond its Site-BDII. */
  weight: number;
  /** First label of its hostnames. */
  host: string;
  /** Real probe names of EGI's ARGO, most important first. */
  metrics: string[];
}

/**
 * The types of the EGI ap1 aggregation profile (/work/shared/fixtures/argo/egi/ap1.json) plus the
 * storage, cloud and accounting types sites run beside them. Every site runs one Site-BDII.
 */
export const DEMO_SERVICE_TYPES: readonly DemoServiceType[] = [
  { name: 'Site-BDII', function: 'information', weight: 0, host: 'site-bdii', metrics: ['org.bdii.Entries', 'org.bdii.Freshness', 'eu.egi.sec.BDII-Glue2'] },
  { name: 'ARC-CE', function: 'compute', weight: 14, host: 'arc-ce', metrics: ['org.nordugrid.ARC-CE-ARIS', 'org.nordugrid.ARC-CE-IGTF', 'org.nordugrid.ARC-CE-submit', 'org.nordugrid.ARC-CE-result', 'org.nordugrid.ARC-CE-sw-csh'] },
  { name: 'CREAM-CE', function: 'compute', weight: 5, host: 'cream-ce', metrics: ['emi.cream.CREAMCE-JobSubmit', 'eu.egi.CREAM-IGTF', 'emi.cream.CREAMCE-JobState', 'emi.cream.CREAMCE-AllowedSubmission'] },
  { name: 'org.opensciencegrid.htcondorce', function: 'compute', weight: 10, host: 'htcondor-ce', metrics: ['ch.cern.HTCondorCE-JobState', 'ch.cern.HTCondorCE-JobSubmit', 'ch.cern.HTCondorCE-CertValidity'] },
  { name: 'QCG.Computing', function: 'compute', weight: 1, host: 'qcg', metrics: ['pl.plgrid.QCG-Computing', 'pl.plgrid.QCG-Computing-Cert'] },
  { name: 'unicore6.TargetSystemFactory', function: 'compute', weight: 1, host: 'unicore', metrics: ['emi.unicore.TargetSystemFactory', 'emi.unicore.UNICORE-Job'] },
  { name: 'GRAM5', function: 'compute', weight: 1, host: 'gram', metrics: ['hr.srce.GRAM-Auth', 'hr.srce.GRAM-Command', 'eu.egi.GRAM-CertValidity'] },
  { name: 'SRM', function: 'storage', weight: 12, host: 'srm', metrics: ['eu.egi.SRM-CertLifetime', 'eu.egi.SRM-GetSURLs', 'eu.egi.SRM-LsDir', 'eu.egi.SRM-Put', 'eu.egi.SRM-Get', 'eu.egi.SRM-Del'] },
  { name: 'webdav', function: 'storage', weight: 12, host: 'webdav', metrics: ['ch.cern.WebDAV', 'eu.egi.WebDAV-CertValidity'] },
  { name: 'XRootD', function: 'storage', weight: 10, host: 'xrootd', metrics: ['ch.cern.XROOTD-Read', 'ch.cern.XROOTD-Write', 'eu.egi.XROOTD-CertValidity'] },
  { name: 'globus-GRIDFTP', function: 'storage', weight: 6, host: 'gridftp', metrics: ['eu.egi.GRIDFTP-Check', 'eu.egi.GRIDFTP-CertValidity'] },
  { name: 'Top-BDII', function: 'information', weight: 2, host: 'top-bdii', metrics: ['org.bdii.Entries', 'org.bdii.Freshness'] },
  { name: 'org.openstack.nova', function: 'cloud', weight: 5, host: 'nova', metrics: ['eu.egi.cloud.OpenStack-VM', 'org.nagios.Keystone-TCP', 'eu.egi.Keystone-CertValidity'] },
  { name: 'eu.egi.cloud.vm-management.occi', function: 'cloud', weight: 2, host: 'occi', metrics: ['eu.egi.cloud.OCCI-VM', 'eu.egi.cloud.OCCI-Context', 'eu.egi.OCCI-IGTF'] },
  { name: 'APEL', function: null, weight: 3, host: 'apel', metrics: ['argo.APEL-Pub', 'argo.APEL-Sync'] },
  { name: 'org.squid-cache.Squid', function: null, weight: 6, host: 'squid', metrics: ['eu.egi.Squid-Proxy', 'org.nagios.Squid-TCP'] },
];

export const SITE_BDII = DEMO_SERVICE_TYPES[0];

/**
 * The metrics of a type: its real probes first, then numbered generic checks up to `count` (the
 * bench wants 30 per type; EGI's critical profile has fewer). Default: the real probes only.
 */
export function metricsOf(type: DemoServiceType, count = type.metrics.length): string[] {
  const metrics = type.metrics.slice(0, count);
  for (let i = metrics.length; i < count; i++) metrics.push(`eu.egi.demo.${type.host}-check-${String(i + 1).padStart(2, '0')}`);
  return metrics;
}
