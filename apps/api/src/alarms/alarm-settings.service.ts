import { Inject, Injectable } from '@nestjs/common';
import { ALARM_SETTINGS_STREAM, alarmSettingsDecider, fold, type AlarmSettings, type AlarmSettingsEvent } from '@vigil/domain';
import { ConcurrencyError, type EventStore } from '@vigil/event-store';
import { EVENT_STORE } from '@vigil/platform';

/** A tenant's alarm settings: one stream, folded; a write decides at the revision it read. */
@Injectable()
export class AlarmSettingsStore {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async get(tenant: string): Promise<AlarmSettings> {
    return (await this.load(tenant)).state;
  }

  async set(tenant: string, settings: AlarmSettings): Promise<AlarmSettings> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(tenant);
      const events = alarmSettingsDecider.decide({ type: 'SetAlarmSettings', settings }, state);
      if (events.length === 0) return state;
      try {
        await this.store.append({ tenant, ...ALARM_SETTINGS_STREAM }, events, revision < 0 ? 'no-stream' : { revision });
        return fold(alarmSettingsDecider.evolve, state, events);
      } catch (err) {
        if (!(err instanceof ConcurrencyError) || attempt >= 5) throw err;
      }
    }
  }

  private async load(tenant: string): Promise<{ state: AlarmSettings; revision: number }> {
    const history = await this.store.readStream({ tenant, ...ALARM_SETTINGS_STREAM });
    const state = fold(alarmSettingsDecider.evolve, alarmSettingsDecider.initialState(), history.map((e) => ({ type: e.type, data: e.data }) as AlarmSettingsEvent));
    return { state, revision: history.length > 0 ? history[history.length - 1].revision : -1 };
  }
}
