/**
 * Reads bench/results/latest.json, including one written before the send settings carried Continue On
 * Fail and the keyword mapping and before the trigger section measured several n8n settings: such a
 * file is brought to today's shape from its own raw runs (nothing is estimated), so the README and the
 * chart can be rendered from it until the next run replaces it.
 */
import { readFileSync } from 'node:fs';

import { oursSendLabel } from './flows';
import type { BenchResults, SendRun, SendSetting, TriggerSide, TriggerThroughput } from './results';
import { boundRatio, median, round } from './stats';

/** A send setting as older runs wrote it: without the fields added since. */
type StoredSendSetting = Omit<SendSetting, 'continueOnFail' | 'mapping' | 'n8nCpuMs' | 'ratioToBound'> & Partial<SendSetting>;
type OldTriggerSide = Omit<TriggerSide, 'endpoint' | 'typeVersion' | 'ratioToWebhook' | 'cpuRatioToWebhook'>;
interface OldTriggerThroughput {
	clients: number;
	seconds: number;
	ours: OldTriggerSide;
	plainWebhook: OldTriggerSide;
}
type StoredResults = Omit<BenchResults, 'send' | 'trigger' | 'previousRun'> & {
	send: StoredSendSetting[];
	trigger: TriggerThroughput | OldTriggerThroughput | null;
	previousRun?: BenchResults['previousRun'];
};

function sendSetting(stored: StoredSendSetting): SendSetting {
	const ours = stored.flow === 'ours';
	const runs: SendRun[] = stored.runs;
	return {
		...stored,
		// Before Continue On Fail and the mapping were varied, every ours flow mapped by expression with it off.
		label: ours && stored.mapping === undefined && stored.concurrency !== null ? oursSendLabel(stored.concurrency, 'expressions', false) : stored.label,
		continueOnFail: stored.continueOnFail ?? (ours ? false : null),
		mapping: stored.mapping ?? (ours ? 'expressions' : null),
		n8nCpuMs: stored.n8nCpuMs ?? round(median(runs.map((r) => r.n8nCpuMs)), 0),
		ratioToBound: stored.ratioToBound !== undefined ? stored.ratioToBound : boundRatio(runs, stored.latencyLimitMs),
	};
}

function trigger(stored: StoredResults['trigger']): TriggerThroughput | null {
	if (stored === null || 'runs' in stored) return stored;
	// Older runs: one n8n with its defaults, our trigger at version 1 against the Webhook node.
	const { plainWebhook, ours } = stored;
	return {
		clients: stored.clients,
		seconds: stored.seconds,
		runs: [
			{
				setting: 'default',
				env: {},
				sides: [
					{ ...plainWebhook, endpoint: 'webhook', typeVersion: 2, ratioToWebhook: 1, cpuRatioToWebhook: 1 },
					{
						...ours,
						endpoint: 'ours',
						typeVersion: 1,
						ratioToWebhook: round(ours.eventsPerSecond / plainWebhook.eventsPerSecond, 2),
						cpuRatioToWebhook: round(ours.n8nCpuMsPerEvent / plainWebhook.n8nCpuMsPerEvent, 2),
					},
				],
			},
		],
	};
}

export function upgradeResults(stored: StoredResults): BenchResults {
	return { ...stored, send: stored.send.map(sendSetting), trigger: trigger(stored.trigger), previousRun: stored.previousRun ?? null };
}

export function readResults(path: string): BenchResults {
	return upgradeResults(JSON.parse(readFileSync(path, 'utf8')) as StoredResults);
}
