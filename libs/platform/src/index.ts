export * from './tokens';
export * from './platform.module';
export * from './readiness';
export * from './stderr.logger';
export * from './request-context';
export * from './metrics';
