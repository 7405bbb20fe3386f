/**
 * The runner both sending operations share: everything checked before the first send (Continue On Fail
 * off), or checked and sent overlapped with bad items as their own items (on); one send at a time per
 * OpenID; outputs in input order; everyday refusals as items; a stop that says how many went out.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { InvalidInputError } from '../../../nodes/protocol/errors';
import { checkThenSend, type CheckedMessage, type SendPlan } from '../../../nodes/shared/checkThenSend';
import { fakeExecuteContext } from '../../helpers/fakeN8nContext';

interface Message extends CheckedMessage {
	n: number;
}

class Everyday extends Error {}
class Broken extends Error {}

/** Items n = 0..count-1 to users u<n % users>; `bad` items fail their check, `refused` and `broken` their send. */
function plan(options: { users?: number; bad?: number[]; refused?: number[]; broken?: number[]; concurrency?: number } = {}) {
	const events: string[] = [];
	const inFlight = new Set<string>();
	let overlapping = false;
	const result: SendPlan<Message> = {
		concurrency: options.concurrency ?? 4,
		noun: { plural: 'items', singular: 'message' },
		async check(itemIndex) {
			events.push(`check ${itemIndex}`);
			if (options.bad?.includes(itemIndex)) throw new InvalidInputError(`item ${itemIndex} is bad`, 'Fix the item.');
			return { itemIndex, key: `u${itemIndex % (options.users ?? 100)}`, n: itemIndex };
		},
		async send(message) {
			if (inFlight.has(message.key)) overlapping = true;
			inFlight.add(message.key);
			events.push(`send ${message.n}`);
			await new Promise((resolve) => setTimeout(resolve, 1));
			inFlight.delete(message.key);
			if (options.refused?.includes(message.n)) throw new Everyday(`refused ${message.n}`);
			if (options.broken?.includes(message.n)) throw new Broken(`broken ${message.n}`);
			return { json: { sent: message.n }, pairedItem: { item: message.itemIndex } };
		},
		isEveryday: (error) => error instanceof Everyday,
		sendFailureFields: (message) => ({ touser: message.key }),
		checkFailureFields: (itemIndex) => ({ item: itemIndex }),
	};
	return { plan: result, events, overlapping: () => overlapping };
}

const items = (count: number) => Array.from({ length: count }, () => ({}));
const json = (output: INodeExecutionData[]) => output.map((item) => item.json);

describe('checkThenSend, Continue On Fail off', () => {
	it('checks every item before the first send, then sends them all, outputs in input order', async () => {
		const { plan: p, events } = plan();
		const output = await checkThenSend(fakeExecuteContext({ items: items(5) }), p);
		expect(json(output)).toEqual([0, 1, 2, 3, 4].map((n) => ({ sent: n })));
		expect(events.indexOf('send 0')).toBeGreaterThan(events.indexOf('check 4'));
	});

	it('stops on a bad item before anything is sent, naming the item', async () => {
		const { plan: p, events } = plan({ bad: [3] });
		await expect(checkThenSend(fakeExecuteContext({ items: items(5) }), p)).rejects.toThrow('item 3 is bad');
		expect(events.filter((event) => event.startsWith('send'))).toEqual([]);
	});

	it('outputs an everyday refusal as a failure item and goes on', async () => {
		const { plan: p } = plan({ refused: [1] });
		const output = await checkThenSend(fakeExecuteContext({ items: items(3) }), p);
		expect(json(output)).toEqual([{ sent: 0 }, expect.objectContaining({ success: false, touser: 'u1' }), { sent: 2 }]);
	});

	it('stops on another send failure, saying how many were sent before it', async () => {
		const { plan: p } = plan({ broken: [0], concurrency: 1 });
		await expect(checkThenSend(fakeExecuteContext({ items: items(4) }), p)).rejects.toThrow('(0 of 4 items were sent before this failure)');
	});

	it('never sends two messages to one user at once', async () => {
		const { plan: p, overlapping } = plan({ users: 2, concurrency: 8 });
		expect(await checkThenSend(fakeExecuteContext({ items: items(12) }), p)).toHaveLength(12);
		expect(overlapping()).toBe(false);
	});
});

describe('checkThenSend, Continue On Fail on', () => {
	it('starts sending before every item is checked, a bad item becoming its own item in place', async () => {
		const { plan: p, events } = plan({ bad: [2], concurrency: 1 });
		const output = await checkThenSend(fakeExecuteContext({ items: items(20), continueOnFail: true }), p);
		expect(events.indexOf('send 0')).toBeLessThan(events.indexOf('check 19'));
		expect(output).toHaveLength(20);
		expect(output[2].json).toEqual(expect.objectContaining({ success: false, reason: 'invalid_data', item: 2 }));
		expect(output[3].json).toEqual({ sent: 3 });
	});

	it('outputs every send failure as an item and stops nothing', async () => {
		const { plan: p } = plan({ broken: [0, 4] });
		const output = await checkThenSend(fakeExecuteContext({ items: items(6), continueOnFail: true }), p);
		expect(output.map((item) => item.json.success === false)).toEqual([true, false, false, false, true, false]);
	});

	it('never sends two messages to one user at once', async () => {
		const { plan: p, overlapping } = plan({ users: 2, concurrency: 8 });
		expect(await checkThenSend(fakeExecuteContext({ items: items(12), continueOnFail: true }), p)).toHaveLength(12);
		expect(overlapping()).toBe(false);
	});
});

it('returns nothing for no items, without checking or sending', async () => {
	const { plan: p, events } = plan();
	expect(await checkThenSend(fakeExecuteContext({ items: [] }), p)).toEqual([]);
	expect(events).toEqual([]);
});
