import { NodeOperationError } from 'n8n-workflow';

import { clampConcurrency, DEFAULT_CONCURRENCY, MAX_CONCURRENCY, withSentCount } from '../../../nodes/shared/batchSend';
import { TEST_NODE } from '../../helpers/fakeN8nContext';

describe('clampConcurrency', () => {
	it.each([
		[undefined, DEFAULT_CONCURRENCY],
		[Number.NaN, DEFAULT_CONCURRENCY],
		[0, 1],
		[-3, 1],
		[7.9, 7],
		[MAX_CONCURRENCY + 1, MAX_CONCURRENCY],
	])('%p → %p', (value, expected) => {
		expect(clampConcurrency(value)).toBe(expected);
	});
});

describe('withSentCount', () => {
	it('says how many sends went out before the stop, in the message and the description, in the batch’s own words', () => {
		const error = withSentCount(new NodeOperationError(TEST_NODE, 'WeChat errcode -1: busy', { description: 'Fix: retry' }), 3, 10, {
			plural: 'replies',
			singular: 'reply',
		});
		expect(error.message).toBe('WeChat errcode -1: busy (3 of 10 replies were sent before this failure)');
		expect(error.description).toBe(
			'Fix: retry\n3 of 10 replies were sent before the node stopped; turn on "Continue On Fail" (Settings → On Error → Continue) to get one output item per reply instead.',
		);
	});

	it('gives the note alone when the error had no description', () => {
		const error = withSentCount(new NodeOperationError(TEST_NODE, 'stop'), 0, 2, { plural: 'items', singular: 'message' });
		expect(error.description).toMatch(/^0 of 2 items were sent before the node stopped/);
	});
});
