// Test support for the results e2e spec (not a spec itself): the results routes over a random
// ClickHouse database with the product's migrations, their own API-key bucket, random tenants.
import type { ClickHouse } from '@vigil/read-models';
import type { Role } from '@vigil/http';
import { authHeaders } from '../../../../test/support/api-keys';
import { startTestApi } from '../../../../test/support/test-api';
import { ResultsModule } from './results.module';

export interface Answer<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface ResultsTestApp {
  ch: ClickHouse;
  /** Two tenants of their own: a key of one must never see the other's rows. */
  tenants: { a: string; b: string };
  /** GET as a reader of tenant a (or with the given key; '' = no key); JSON bodies parsed. */
  get<T = any>(url: string, options?: { key?: string; accept?: string }): Promise<Answer<T>>;
  key(role: Role, tenant: string): Promise<string>;
  close(): Promise<void>;
}

export async function startResultsApi(): Promise<ResultsTestApp> {
  const api = await startTestApi('results', [ResultsModule]);
  return {
    ch: api.ch,
    tenants: api.tenants,
    key: api.key,
    async get(path, options = {}) {
      const withKey = options.key ?? api.reader;
      const headers = { ...(withKey ? authHeaders(withKey) : {}), ...(options.accept ? { accept: options.accept } : {}) };
      const res = await fetch(`${api.base}${path}`, { headers });
      const text = await res.text();
      const json = (res.headers.get('content-type') ?? '').includes('application/json');
      return { status: res.status, body: json && text ? JSON.parse(text) : undefined, text, headers: res.headers };
    },
    close: () => api.close(),
  };
}
