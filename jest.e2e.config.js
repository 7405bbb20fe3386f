/**
 * End-to-end tests against a real n8n (test/e2e/**). Run: `npx jest -c jest.e2e.config.js --runInBand`.
 * One file at a time (each starts n8n processes; the machine is small); long timeouts because the first
 * run installs n8n into ~/.cache (minutes) and every n8n start-up takes tens of seconds.
 * Choose the n8n majors with N8N_E2E_MAJORS=2,1 (default: both).
 */
/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/test/e2e/**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	maxWorkers: 1,
	testTimeout: 5 * 60 * 1000,
	slowTestThreshold: 120,
};
