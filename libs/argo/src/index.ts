export * from './argo-file';
export * from './readers';
export * from './argo-day';
export * from './argo-month.runner';
