// Runs Vigil's TypeScript sources directly (no build step): SWC keeps Nest's decorator metadata,
// and the @vigil/* path aliases resolve from tsconfig.base.json.
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('reflect-metadata');
