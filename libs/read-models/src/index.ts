export { sql, ident, raw, join, renderLiteral, SqlFragment, type SqlValue, type SqlParam } from './sql-binder';
export {
  createClickHouse,
  parseErrorCode,
  ClickHouseQueryError,
  type ClickHouse,
  type ClickHouseOptions,
  type InsertRow,
} from './clickhouse';
export {
  runMigrations,
  MigrationChecksumError,
  type MigrationRunnerOptions,
  type MigrationReport,
} from './migration-runner';
export { loadMigrations, parseMigration, splitStatements, checksumOf, type MigrationFile } from './migration-files';
export { withKvLock, LockTimeoutError, type KvLockOptions, type LockHolder } from './kv-lock';
export { productMigrationsDirectory } from './product-migrations';
export { tableSink } from './writers/table.sink';
export { currentStatuses, statusesAt, STATUS_SORT_COLUMNS, statusTimelines, type StatusLevel, type StatusKey, type StatusSelection, type StatusNow, type StatusTimelineRow } from './queries/status.queries';
export { topologyEndpoints, topologyGroups, endpointGroupTypes, supergroupsOfSites, type TopologyEndpoint, type TopologyGroup, type TopologyEndpointSelection, type TopologyGroupSelection } from './queries/topology.queries';
export { arDailyItems, flappingItems, AR_SORT_COLUMNS, type ArResultLevel, type FlappingLevel, type ArItemKey, type ArSelection, type ArDailyRow, type ArItemDays, type FlappingSelection, type FlappingItem } from './queries/results.queries';
