export * from './signature';
export * from './retry-schedule';
export * from './ssrf-guard';
