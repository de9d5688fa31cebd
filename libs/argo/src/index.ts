export * from './argo-file';
export * from './readers';
export * from './argo-day';
export * from './argo-month.runner';
export * from './profile-streams';
export * from './argo-import';
export * from './status-settings.store';
