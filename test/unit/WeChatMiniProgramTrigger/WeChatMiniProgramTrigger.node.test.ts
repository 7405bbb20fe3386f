import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers, type INode, type INodeProperties, type INodePropertyCollection, type INodePropertyOptions } from 'n8n-workflow';

import { WeChatMiniProgramApi } from '../../../credentials/WeChatMiniProgramApi.credentials';
import { PUSH_EVENT_CATEGORIES } from '../../../nodes/protocol/push/events';
import { postResponseMode, RESPONSE_MODE_TEMPLATE, responseModeOf } from '../../../nodes/WeChatMiniProgramTrigger/responseMode';
import { defaultEvents } from '../../../nodes/WeChatMiniProgramTrigger/description';
import { WeChatMiniProgramTrigger } from '../../../nodes/WeChatMiniProgramTrigger/WeChatMiniProgramTrigger.node';

const NODE_DIR = join(__dirname, '../../../nodes/WeChatMiniProgramTrigger');
const node = new WeChatMiniProgramTrigger();
const { description } = node;

function property(name: string): INodeProperties {
	const found = description.properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

function optionValues(name: string): unknown[] {
	return ((property(name).options ?? []) as INodePropertyOptions[]).map((option) => option.value);
}

describe('WeChat Mini Program Trigger description', () => {
	it('is a trigger named as the issue asks, with the weChatMiniProgramApi credential', () => {
		expect(description).toMatchObject({
			displayName: 'WeChat Mini Program Trigger',
			name: 'weChatMiniProgramTrigger',
			group: ['trigger'],
			inputs: [],
			outputs: ['main'],
			credentials: [{ name: 'weChatMiniProgramApi', required: true }],
		});
		expect(description.usableAsTool).toBeUndefined();
	});

	it('has versions 1, 2 and 3; new nodes get 3 (saved workflows keep theirs)', () => {
		expect(description.version).toEqual([1, 2, 3]);
		expect(description.defaultVersion).toBe(3);
	});

	it('only Events depends on the version: the same parameters otherwise', () => {
		const versionConditions: string[] = [];
		const visit = (entries: unknown[] | undefined, path: string): void => {
			for (const entry of entries ?? []) {
				if (typeof entry !== 'object' || entry === null) continue;
				const { name, displayOptions, options, values } = entry as { name?: string; displayOptions?: object; options?: unknown[]; values?: unknown[] };
				if (displayOptions && JSON.stringify(displayOptions).includes('@version')) versionConditions.push(`${path}${String(name)}`);
				visit(options, `${path}${String(name)}.`);
				visit(values, `${path}${String(name)}.`);
			}
		};
		visit(description.properties, '');
		expect(versionConditions).toEqual(['events', 'events']);
	});

	// n8n saves no parameter equal to its default and fills a missing one from the node type at its version
	// (NodeHelpers.getNodeParameters, as Workflow does): what a saved node without Events runs with.
	it.each([
		[1, [...PUSH_EVENT_CATEGORIES]],
		[2, [...PUSH_EVENT_CATEGORIES]],
		[3, ['subscribe_msg_popup_event', 'subscribe_msg_change_event', 'customer_service_message']],
	])('a saved version %i node without Events runs with %j', (typeVersion, expected) => {
		const saved: INode = { id: 'x', name: 'WeChat Push', type: 'n8n-nodes-wechat-miniprogram.weChatMiniProgramTrigger', typeVersion, position: [0, 0], parameters: {} };
		const filled = NodeHelpers.getNodeParameters(description.properties, saved.parameters, true, false, saved, description);
		expect(filled?.events).toEqual(expected);
		expect(defaultEvents(typeVersion)).toEqual(expected);
	});

	it('version 3 does not start on delivery results, session openings or other events unless ticked', () => {
		const v3 = description.properties.filter((candidate) => candidate.name === 'events').find((candidate) => JSON.stringify(candidate.displayOptions).includes('gte'));
		expect(v3?.default).toEqual(['subscribe_msg_popup_event', 'subscribe_msg_change_event', 'customer_service_message']);
		expect((v3?.options as INodePropertyOptions[]).map((option) => option.value).sort()).toEqual([...PUSH_EVENT_CATEGORIES].sort());
	});

	it('webhook descriptions hold no expression but the POST responseMode, which declares the resolver n8n 2.x uses instead of its engine', () => {
		const expressions = (description.webhooks ?? []).flatMap((webhook) =>
			Object.entries(webhook).filter(([, value]) => typeof value === 'string' && value.startsWith('=')),
		);
		expect(expressions).toEqual([['responseMode', RESPONSE_MODE_TEMPLATE]]);
		const post = (description.webhooks ?? []).find((webhook) => webhook.httpMethod === 'POST') as unknown as Record<symbol, unknown>;
		expect(post[Symbol.for('n8n.webhookDescriptionResolvers')]).toEqual({ responseMode: { template: RESPONSE_MODE_TEMPLATE, resolve: responseModeOf } });
	});

	it('has two webhooks on one path: GET setup (verification) and POST default (events)', () => {
		expect(description.webhooks).toEqual([
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', path: 'webhook', ...postResponseMode },
		]);
	});

	it('shows a notice with the URL, Token, EncodingAESKey and mode to enter in the console', () => {
		const notice = description.properties.find((candidate) => candidate.type === 'notice');
		expect(notice?.displayName).toMatch(/消息推送/);
		for (const word of ['URL', 'Token', 'EncodingAESKey', 'Message Encryption Mode', '数据格式']) {
			expect(notice?.displayName).toContain(word);
		}
	});

	it('Events: six choices sorted by name (as n8n\'s lint requires), all selected by default', () => {
		expect(property('events')).toMatchObject({ type: 'multiOptions', default: [...PUSH_EVENT_CATEGORIES] });
		expect([...optionValues('events')].sort()).toEqual([...PUSH_EVENT_CATEGORIES].sort());
		const options = (property('events').options ?? []) as INodePropertyOptions[];
		expect(options.map((option) => [option.name, option.value])).toEqual([
			['Any Other Event', 'other'],
			['Customer Service Message (Text, Image, Mini Program Card)', 'customer_service_message'],
			['Subscription Changed in Settings', 'subscribe_msg_change_event'],
			['Subscription Message Delivery Result', 'subscribe_msg_sent_event'],
			['Subscription Popup (Accept/Reject)', 'subscribe_msg_popup_event'],
			['User Entered Customer Service Session', 'user_enter_tempsession'],
		]);
	});

	it('Message Encryption Mode: safe by default, each mode described', () => {
		expect(property('encryptionMode')).toMatchObject({ type: 'options', default: 'safe' });
		expect(optionValues('encryptionMode').sort()).toEqual(['compatible', 'plaintext', 'safe']);
		for (const option of property('encryptionMode').options as INodePropertyOptions[]) {
			expect(option.description?.length).toBeGreaterThan(20);
		}
	});

	it('Data Format: auto-detect by default, or XML / JSON', () => {
		expect(property('dataFormat')).toMatchObject({ type: 'options', default: 'auto' });
		expect(optionValues('dataFormat').sort()).toEqual(['auto', 'json', 'xml']);
	});

	it('Options: Split List (on), Include Raw Payload, Reject Stale Timestamps, Only Accepted', () => {
		const options = property('options');
		expect(options.type).toBe('collection');
		const byName = Object.fromEntries(
			(options.options as Array<INodeProperties | INodePropertyCollection>).map((option) => [option.name, option]),
		) as Record<string, INodeProperties>;
		expect(byName.splitList).toMatchObject({ displayName: 'Split List Into Items', type: 'boolean', default: true });
		expect(byName.includeRaw).toMatchObject({ displayName: 'Include Raw Payload', type: 'boolean', default: false });
		expect(byName.replayWindowSeconds).toMatchObject({ type: 'number', default: 300 });
		expect(byName.replayWindowSeconds.displayName).toMatch(/Reject Stale Timestamps/);
		expect(byName.onlyAccepted).toMatchObject({ displayName: 'Only Accepted', type: 'boolean', default: false });
	});

	it('reads only credential fields the credential defines', () => {
		const fields = new WeChatMiniProgramApi().properties.map((field) => field.name);
		expect(fields).toEqual(expect.arrayContaining(['appId', 'token', 'encodingAESKey']));
	});
});

describe('webhook lifecycle', () => {
	it('has nothing to register at WeChat: checkExists, create and delete report success', async () => {
		const methods = node.webhookMethods.default;
		await expect(methods.checkExists()).resolves.toBe(true);
		await expect(methods.create()).resolves.toBe(true);
		await expect(methods.delete()).resolves.toBe(true);
	});
});

describe('package files', () => {
	it('ships light and dark SVG icons in WeChat green', () => {
		const icon = description.icon as { light: string; dark: string };
		for (const file of [icon.light, icon.dark]) {
			const path = join(NODE_DIR, file.replace(/^file:/, ''));
			expect(existsSync(path)).toBe(true);
			const svg = readFileSync(path, 'utf8');
			expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
			expect(svg).toContain('#07C160');
		}
	});

	it('has a codex file naming the node as the community package registers it', () => {
		const codex = JSON.parse(readFileSync(join(NODE_DIR, 'WeChatMiniProgramTrigger.node.json'), 'utf8')) as Record<string, unknown>;
		expect(codex).toMatchObject({
			node: 'n8n-nodes-wechat-miniprogram.weChatMiniProgramTrigger',
			nodeVersion: '1.0',
			codexVersion: '1.0',
		});
		const packageJson = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
			name: string;
			n8n: { nodes: string[] };
		};
		expect(codex.node).toBe(`${packageJson.name}.${description.name}`);
		expect(packageJson.n8n.nodes).toContain('dist/nodes/WeChatMiniProgramTrigger/WeChatMiniProgramTrigger.node.js');
	});
});
