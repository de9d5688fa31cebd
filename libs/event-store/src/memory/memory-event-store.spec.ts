import { eventStoreContract } from '../event-store.contract';
import { MemoryEventStore } from './memory-event-store';

eventStoreContract('memory', async () => new MemoryEventStore());
