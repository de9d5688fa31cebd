import { ServiceUnavailableException } from '@nestjs/common';
import type { RecordedEvent } from '@vigil/events';
import { describe, expect, it } from 'vitest';
import { ngiIndex } from '../ngis/ngi.index';
import { TenantRegistry } from './tenant-registry';

const ngiRegistered = (name: string, position: number): RecordedEvent =>
  ({
    type: 'NgiRegistered',
    category: 'ngi',
    streamId: name,
    revision: 0,
    position,
    data: { name, email: 'ops@example.org', rodEmail: null, helpdeskEmail: null, securityEmail: null, scopes: [] },
  }) as unknown as RecordedEvent;

describe('TenantRegistry', () => {
  it('shows applied events in both the topology view and the index', () => {
    const registry = new TenantRegistry([ngiIndex]);
    registry.apply(ngiRegistered('NGI_A', 10_000));
    registry.apply(ngiRegistered('NGI_B', 20_000));
    expect([...registry.topology.ngis]).toEqual(['NGI_A', 'NGI_B']);
    expect(registry.index(ngiIndex).get('NGI_B')).toMatchObject({ name: 'NGI_B', revision: 0 });
  });

  it('lets a waiter go once the position it waits for is applied', async () => {
    const registry = new TenantRegistry([ngiIndex]);
    const caughtUp = registry.until(20_000, 1_000, 'late');
    registry.apply(ngiRegistered('NGI_A', 10_000));
    registry.apply(ngiRegistered('NGI_B', 20_000));
    await expect(caughtUp).resolves.toBeUndefined();
    expect([...registry.topology.ngis]).toContain('NGI_B');
  });

  it('answers 503 when the view does not catch up in time, or stops following the store', async () => {
    const registry = new TenantRegistry([ngiIndex]);
    await expect(registry.until(10_000, 10, 'late')).rejects.toBeInstanceOf(ServiceUnavailableException);
    const waiting = registry.until(10_000, 1_000, 'late');
    registry.fail(new Error('consumer deleted'));
    await expect(waiting).rejects.toBeInstanceOf(ServiceUnavailableException);
    await expect(registry.until(0, 1_000, 'late')).rejects.toBeInstanceOf(ServiceUnavailableException);
  });

  it('runs exclusive work one at a time, even when an earlier one fails', async () => {
    const registry = new TenantRegistry([ngiIndex]);
    const order: string[] = [];
    const slow = registry.exclusive(async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('slow');
      throw new Error('boom');
    });
    const fast = registry.exclusive(async () => order.push('fast'));
    await expect(slow).rejects.toThrow('boom');
    await fast;
    expect(order).toEqual(['slow', 'fast']);
  });
});
