import { Module } from '@nestjs/common';
import { AlarmSettingsStore } from './alarm-settings.service';
import { AlarmsController } from './alarms.controller';
import { AlarmsReader } from './alarms-reader.service';

/** Operations Portal alarms, the oversight view and the tenant's alarm settings. */
@Module({ controllers: [AlarmsController], providers: [AlarmsReader, AlarmSettingsStore] })
export class AlarmsModule {}
