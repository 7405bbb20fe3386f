/** Reading the JSON bodies of control calls: shared by the control surface and the push scripts it runs. */
import type { PushConfig } from './push';

/** Bad input to a control call; the HTTP API answers it with 400. */
export class ControlInputError extends Error {}

export const OPENID = /^o[A-Za-z0-9_-]{27}$/;
const PUSH_MODES = ['plaintext', 'compatible', 'safe'];
const PUSH_FORMATS = ['xml', 'json'];

export function record(value: unknown, what: string): Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ControlInputError(`${what} must be an object`);
	return value as Record<string, unknown>;
}

export function optionalString(fields: Record<string, unknown>, key: string): string | undefined {
	const value = fields[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw new ControlInputError(`${key} must be a string`);
	return value;
}

export function parsePushConfig(value: unknown): PushConfig {
	const c = record(value, 'config');
	const { token, encodingAESKey, appId, mode, format } = c;
	if (typeof token !== 'string' || token === '') throw new ControlInputError('config.token must be a non-empty string');
	if (typeof appId !== 'string') throw new ControlInputError('config.appId must be a string');
	if (typeof mode !== 'string' || !PUSH_MODES.includes(mode)) throw new ControlInputError(`config.mode must be one of ${PUSH_MODES.join(', ')}`);
	if (typeof format !== 'string' || !PUSH_FORMATS.includes(format)) throw new ControlInputError(`config.format must be one of ${PUSH_FORMATS.join(', ')}`);
	const key = encodingAESKey ?? '';
	if (typeof key !== 'string' || (mode !== 'plaintext' && key.length !== 43)) {
		throw new ControlInputError('config.encodingAESKey must be 43 characters in compatible and safe mode');
	}
	return { token, encodingAESKey: key, appId, mode: mode as PushConfig['mode'], format: format as PushConfig['format'] };
}

export function parseWebhookUrl(value: unknown): string {
	if (typeof value !== 'string' || !/^https?:\/\//.test(value)) throw new ControlInputError('webhookUrl must be an http(s) URL');
	return value;
}

/** An optional integer field within [min, max], or `fallback` when absent. */
export function integerIn(fields: Record<string, unknown>, key: string, min: number, max: number, fallback: number): number {
	const value = fields[key];
	if (value === undefined) return fallback;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new ControlInputError(`${key} must be an integer from ${min} to ${max}`);
	}
	return value;
}

/** An optional list of strings (empty when absent). */
export function stringList(fields: Record<string, unknown>, key: string): string[] {
	const value = fields[key];
	if (value === undefined) return [];
	if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string' && item !== '')) {
		throw new ControlInputError(`${key} must be a list of non-empty strings`);
	}
	return value;
}
