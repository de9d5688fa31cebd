#!/usr/bin/env -S node --max-semi-space-size=64
// The `vigil` command: the operator's local tool.
// A larger young generation (64 MB semi-spaces): a replay allocates short-lived rows and events at a high
// rate; measured ~12-15 % less CPU. Flags only take effect at start, hence the shebang (and package.json scripts).
require('./register.js');
require('../apps/cli/src/main.ts');
