export * from './alert.projection';
