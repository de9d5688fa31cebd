// The status and A/R projectors on an event store bed, as the projector app hosts them, with a test's
// short poll; each is stopped by the bed's close and caught up before it is returned.
import { catalog } from '@vigil/events';
import { hostArProjector, hostStatusProjector, StatusSnapshotStore, type HostedArProjector, type HostedStatusProjector } from '@vigil/projections';
import type { EventStoreBed } from './event-store-bed';

const onError = (err: unknown) => console.error(err);

/** Hosts the status projector (snapshots in the bed's bucket) and waits until it took every event. */
export async function settledStatusProjector(bed: EventStoreBed): Promise<HostedStatusProjector> {
  const snapshots = await StatusSnapshotStore.open(bed.nc, { bucket: bed.snapshotBucket });
  const { nc, store, clickhouse, stream, prefix } = bed;
  const status = bed.started(await hostStatusProjector(nc, { store, clickhouse, schemas: catalog(), snapshots, stream, prefix, maxWaitMs: 20, onError }));
  await bed.settle(status);
  return status;
}

/** Hosts the A/R projector (every day final once ticked past) and waits until it took every event. */
export async function settledArProjector(bed: EventStoreBed): Promise<HostedArProjector> {
  const { nc, clickhouse, stream, prefix } = bed;
  const ar = bed.started(await hostArProjector(nc, { clickhouse, schemas: catalog(), stream, prefix, partialWithinMs: Infinity, maxWaitMs: 20, onError }));
  await bed.settle(ar);
  return ar;
}
