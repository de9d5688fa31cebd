// Prints vitest's totals as the plain closing line CI reads: "N passed, N failed, N skipped".
const { readFileSync } = require('node:fs');
const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + (r.numTodoTests ?? 0)} skipped`);
process.exit(r.numFailedTests > 0 || !r.success ? 1 : 0);
