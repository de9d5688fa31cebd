export * from './problem';
export * from './error.filter';
export * from './validation.pipe';
export * from './auth/auth.decorators';
