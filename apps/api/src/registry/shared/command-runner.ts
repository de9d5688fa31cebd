import { Inject, Injectable } from '@nestjs/common';
import { fold, type DomainEvent, type TopologyView, type ViewDecider } from '@vigil/domain';
import { ConcurrencyError, type EventStore, type StreamRef } from '@vigil/event-store';
import { EVENT_STORE } from '@vigil/platform';
import { CLOCK, type Clock } from './clock';
import { RegistryViews } from './registry-views.service';
import type { TenantRegistry } from './tenant-registry';

/** A live write shows up in this process's view within milliseconds; beyond this something is wrong. */
const CATCH_UP_TIMEOUT_MS = 10_000;

export interface CommandOutcome {
  /** The tenant's registry, already showing the outcome. */
  registry: TenantRegistry;
  /** The stream's revision after the command (-1: still no stream). */
  revision: number;
  /** Whether events were appended (a command may have nothing to change). */
  changed: boolean;
}

/**
 * Every registry write, once: load the stream, fold it, decide against the tenant's topology view
 * and the clock, append with the revision it decided on (a concurrent writer gets 409), then wait
 * until this process's view shows the new events, so the next read or write sees them.
 */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly views: RegistryViews,
  ) {}

  /** `expectedRevision` (from If-Match) makes the write conditional on the revision the caller saw. */
  async run<C, S, E extends DomainEvent>(
    decider: ViewDecider<C, S, E, TopologyView>,
    stream: StreamRef,
    command: C,
    expectedRevision?: number,
  ): Promise<CommandOutcome> {
    const registry = await this.views.of(stream.tenant);
    return registry.exclusive(async () => {
      await registry.untilOwnWrites(CATCH_UP_TIMEOUT_MS);
      const history = await this.store.readStream(stream);
      const revision = history.length > 0 ? history[history.length - 1].revision : -1;
      if (expectedRevision !== undefined && revision >= 0 && expectedRevision !== revision) {
        throw new ConcurrencyError(stream, { revision: expectedRevision }, { revision });
      }
      const state = fold(decider.evolve, decider.initialState(), history.map((e) => ({ type: e.type, data: e.data }) as E));
      const events = decider.decide(command, state, registry.topology, this.clock());
      if (events.length === 0) return { registry, revision, changed: false };
      const appended = await this.store.append(
        stream,
        events.map((e) => ({ type: e.type, data: e.data })),
        revision < 0 ? 'no-stream' : { revision },
      );
      registry.appended(appended.position);
      await registry.until(appended.position, CATCH_UP_TIMEOUT_MS, 'the change was recorded but is not visible yet; read it again shortly');
      return { registry, revision: appended.revision, changed: true };
    });
  }
}
