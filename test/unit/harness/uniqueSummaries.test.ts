import { uniqueSummaries } from '../../../harness/executions';

describe('uniqueSummaries', () => {
	it('lists an execution that n8n listed twice (running, then finished) once, with its settled status', () => {
		const listed = [
			{ id: '26', status: 'running' },
			{ id: '25', status: 'running' },
			{ id: '25', status: 'success' },
			{ id: '24', status: 'success' },
		];
		expect(uniqueSummaries(listed)).toEqual([
			{ id: '26', status: 'running' },
			{ id: '25', status: 'success' },
			{ id: '24', status: 'success' },
		]);
		// Whichever copy comes first.
		expect(uniqueSummaries([listed[2], listed[1]])).toEqual([{ id: '25', status: 'success' }]);
	});

	it('orders newest first by number, not by text', () => {
		expect(uniqueSummaries([{ id: '9', status: 'success' }, { id: '10', status: 'error' }]).map((s) => s.id)).toEqual(['10', '9']);
	});
});
