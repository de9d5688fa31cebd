export * from './budget.projection';
