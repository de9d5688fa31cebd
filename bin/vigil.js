#!/usr/bin/env node
// The `vigil` command: the operator's local tool.
require('./register.js');
require('../apps/cli/src/main.ts');
