export * from './alarm.events';
export * from './alarm-downtimes';
export * from './alarm-book';
export * from './stable-id';
export * from './alarm-settings.decider';
