import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceipt {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The status code it answered. */
  answered: number;
  at: number;
}

/** A status code, or one with response headers (Retry-After...). */
export type WebhookAnswer = () => number | [number, Record<string, string>];

export interface WebhookReceiver {
  /** The origin (http://127.0.0.1:port): subscriptions add a path. */
  url: string;
  /** Every request, in arrival order. */
  receipts: WebhookReceipt[];
  /** Per path, what to answer next (200 where unset). */
  behaviour: Record<string, WebhookAnswer>;
  /** The receipts of one path. */
  to(path: string): WebhookReceipt[];
  close(): Promise<void>;
}

/** A real HTTP receiver on loopback (a random port) that records what webhooks deliver. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receipts: WebhookReceipt[] = [];
  const behaviour: Record<string, WebhookAnswer> = {};
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      const answer = (behaviour[path] ?? (() => 200))();
      const [answered, headers] = typeof answer === 'number' ? [answer, {}] : answer;
      receipts.push({ path, headers: req.headers as Record<string, string>, body, answered, at: Date.now() });
      res.writeHead(answered, headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    receipts,
    behaviour,
    to: (path) => receipts.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the worker's keep-alive sockets would hold the close
      }),
  };
}
