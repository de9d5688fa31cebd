export * from './ticket.events';
export * from './working-days';
export * from './escalation';
export * from './ticket.decider';
export * from './ticket-clock';
