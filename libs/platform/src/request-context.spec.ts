import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '@vigil/event-store';
import { correlatedEventStore, runInRequest } from './request-context';

const stream = { tenant: 't1', category: 'ngi', id: 'NGI_X' };
const registered = (name: string, correlationId?: string | null) => ({ type: 'NgiRegistered', data: { name, email: 'a@b.org', rodEmail: null, helpdeskEmail: null, securityEmail: null, scopes: [] }, correlationId });

describe('correlatedEventStore', () => {
  it("stamps the request's correlation id on events appended inside a request, and keeps a caller's own", async () => {
    const memory = new MemoryEventStore();
    const store = correlatedEventStore(memory);
    await runInRequest({ reqId: 'r1', correlationId: 'c1' }, () => store.append(stream, [registered('NGI_X'), registered('NGI_X', 'own')], 'any'));
    await store.append(stream, [registered('NGI_X')], 'any'); // outside any request
    expect((await store.readStream(stream)).map((e) => e.correlationId)).toEqual(['c1', 'own', null]);
    expect(store).toBeInstanceOf(MemoryEventStore);
  });

  it('keeps the context across awaits inside the request', async () => {
    const store = correlatedEventStore(new MemoryEventStore());
    await runInRequest({ reqId: 'r2', correlationId: 'c2' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      await store.append(stream, [registered('NGI_X')], 'no-stream');
    });
    expect((await store.readStream(stream))[0].correlationId).toBe('c2');
  });
});
