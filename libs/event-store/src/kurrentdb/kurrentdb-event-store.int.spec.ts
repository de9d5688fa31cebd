import { describe, it } from 'vitest';
import { eventStoreContract } from '../event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const url = process.env.VIGIL_ESDB_URL;
const SKIPPED = 'skipped: VIGIL_ESDB_URL is not set (no KurrentDB server here)';

// e.g. VIGIL_ESDB_URL=kurrentdb://localhost:2113?tls=false
if (url) {
  eventStoreContract('kurrentdb', async () => KurrentDbEventStore.connect(url));
} else {
  // Said out loud, so a green run is never read as "the KurrentDB adapter passed".
  process.stderr.write(`kurrentdb event store contract ${SKIPPED}\n`);
  describe.skip(`kurrentdb event store contract ${SKIPPED}`, () => {
    it.skip(SKIPPED, () => undefined);
  });
}
