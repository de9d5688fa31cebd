// The ARGO import lives in libs/argo (one code path for `vigil argo import` and POST /api/v1/argo/import);
// re-exported here for the commands that seed profiles through it (vigil demo).
export { ARGO_FEEDS, canonicalJson, checkAggregationOperations, importProfiles, readArgoFiles, type ArgoFeed, type ImportSummary, type ProfileImport, type ProfileSetData } from '@vigil/argo';
