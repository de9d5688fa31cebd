/**
 * Runs `work` again, after a pause growing by `pauseMs` each time, when it throws: up to `attempts`
 * runs in all. For appends a busy server may time out after storing them: the retry carries the same
 * event ids, hence the same commit id, and is dropped as a duplicate, so one slow ack does not stop
 * a projector or an ingest batch.
 */
export async function withRetries<T>(attempts: number, pauseMs: number, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, pauseMs * attempt));
    }
  }
}
