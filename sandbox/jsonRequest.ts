/** Reading the JSON body of a WeChat API call the way WeChat answers a bad one: 44002 empty, 47001 not a JSON object. */
import type { ApiRequest } from './apiRequest';

export type JsonFields = Record<string, unknown>;

/** The body's fields, or the errcode WeChat gives instead (`notJson`: the API's own code for a body that is not JSON, default 47001). */
export function readJsonFields(request: ApiRequest, notJson = 47001): JsonFields | number {
	if (request.body.trim() === '') return 44002;
	try {
		const parsed: unknown = JSON.parse(request.body);
		return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as JsonFields) : notJson;
	} catch {
		return notJson;
	}
}

export function objectField(value: unknown): JsonFields | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonFields) : undefined;
}

/** A string field, '' when absent or not a string. */
export function stringField(fields: JsonFields, key: string): string {
	const value = fields[key];
	return typeof value === 'string' ? value : '';
}
