/**
 * Runs `fn` over `items` with at most `limit` calls in flight: a projector appending one stream
 * per alert or alarm must not fire thousands of JetStream requests at once (they time out).
 */
export async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
