export * from './downtime.events';
export { SCHEDULED_NOTICE, MAX_START_IN_PAST, END_NOW_DELAY, classifyDowntime, isDowntimeFrozen } from './downtime-rules';
export * from './downtime.decider';
