// Test support for the read APIs' e2e specs (not a spec itself): the status and topology routes over a
// random ClickHouse database with the product's migrations, their own API-key bucket, random tenants.
import type { ClickHouse } from '@vigil/read-models';
import type { Role } from '@vigil/http';
import { authHeaders } from '../../../../test/support/api-keys';
import { startTestApi } from '../../../../test/support/test-api';
import { TopologyModule } from '../topology/topology.module';
import { StatusModule } from './status.module';

export interface ReadApiTestApp {
  ch: ClickHouse;
  /** Two tenants of their own: a key of one must never see the other's rows. */
  tenants: { a: string; b: string };
  /** GET as a reader of tenant a (or with the given key; '' = no key). */
  get<T = any>(url: string, key?: string): Promise<{ status: number; body: T }>;
  key(role: Role, tenant: string): Promise<string>;
  close(): Promise<void>;
}

export async function startReadApi(): Promise<ReadApiTestApp> {
  const api = await startTestApi('read_api', [StatusModule, TopologyModule]);
  return {
    ch: api.ch,
    tenants: api.tenants,
    key: api.key,
    async get(path, withKey = api.reader) {
      const res = await fetch(`${api.base}${path}`, { headers: withKey ? authHeaders(withKey) : {} });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    close: () => api.close(),
  };
}
