import { describe, expect, it } from 'vitest';
import { downtimeStreamId, ngiStreamId, serviceStreamId, siteStreamId } from '@vigil/domain';
import { streamName } from '@vigil/event-store';
import { streamOf } from './gocdb-streams';

describe('GOCDB entities in the event store', () => {
  it("names each entity's stream as the domain does", () => {
    expect(streamName(streamOf('t1', 'ngi', 'NGI_DE'))).toBe(`t1/${ngiStreamId('NGI_DE')}`);
    expect(streamName(streamOf('t1', 'site', 'FZK-LCG2'))).toBe(`t1/${siteStreamId('FZK-LCG2')}`);
    expect(streamName(streamOf('t1', 'service', '1001G0'))).toBe(`t1/${serviceStreamId('1001G0')}`);
    expect(streamName(streamOf('t1', 'downtime', '30001G0'))).toBe(`t1/${downtimeStreamId('30001G0')}`);
  });

  it('keeps service groups under a dash-free category, which KurrentDB requires', () => {
    expect(streamOf('t1', 'serviceGroup', 'WLCG-TIER1')).toEqual({ tenant: 't1', category: 'servicegroup', id: 'WLCG-TIER1' });
  });
});
