export * from './alarm.projection';
export * from './alarm-rows';
export * from './alarm.sink';
