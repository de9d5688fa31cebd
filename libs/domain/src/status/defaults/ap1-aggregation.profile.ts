import type { AggregationProfile } from '../../argo/model';

/** ARGO aggregation profile ap1 over EGI service types (fixtures/argo/egi/ap1.json): every new tenant starts with it. */
export const AP1_AGGREGATION_PROFILE: AggregationProfile & { name: string; endpoint_group: string } = {
  name: 'ap1',
  endpoint_group: 'sites',
  metric_operation: 'AND',
  profile_operation: 'AND',
  groups: [
    {
      name: 'compute',
      operation: 'OR',
      services: [
        { name: 'CREAM-CE', operation: 'OR' },
        { name: 'ARC-CE', operation: 'OR' },
        { name: 'GRAM5', operation: 'OR' },
        { name: 'unicore6.TargetSystemFactory', operation: 'OR' },
        { name: 'QCG.Computing', operation: 'OR' },
      ],
    },
    {
      name: 'storage',
      operation: 'OR',
      services: [
        { name: 'SRMv2', operation: 'OR' },
        { name: 'SRM', operation: 'OR' },
      ],
    },
    {
      name: 'information',
      operation: 'OR',
      services: [
        { name: 'Site-BDII', operation: 'OR' },
      ],
    },
  ],
};
