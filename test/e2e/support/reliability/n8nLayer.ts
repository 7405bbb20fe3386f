/**
 * What n8n answers before our node sees a request. The webhook server reads and parses the body first
 * (packages/cli middlewares/body-parser + webhook-helpers parseRequestBody, identical in 1.123.81 and
 * 2.40.7): for a node of typeVersion 1 it always runs parseBody, which
 *   - skips multipart/* and empty bodies,
 *   - decodes the body with the Content-Type charset (default utf-8; an unknown charset throws),
 *   - parses `application/json` with JSON.parse and `…/xml` / `…+xml` with xml2js,
 *   - answers 422 "Failed to parse request body" when that throws.
 * Methods the trigger does not register answer 404, bodies over N8N_PAYLOAD_SIZE_MAX (16 MiB) are
 * refused by raw-body. The XML check runs the very xml2js copy the installed n8n uses, with its options.
 */
import { join } from 'node:path';

import { sanitizeXmlName } from 'n8n-workflow';

import type { HostileRequest } from './corpus';

interface XmlParser {
	parseStringPromise(text: string): Promise<unknown>;
}

interface Xml2js {
	Parser: new (options: Record<string, unknown>) => XmlParser;
}

export interface ExpectedAnswer {
	status: number;
	/** Who answers: n8n's own webhook server, or our node. */
	by: 'n8n' | 'node';
	why: string;
	/**
	 * An XML-typed body n8n's shared XML parser cannot parse, or that holds no root element (a comment or a
	 * processing instruction only): n8n may then answer 422, never answer, or upset its parser for later
	 * requests (see the hostile test). Such requests are kept out of the exact phase.
	 */
	xmlParserTrouble?: boolean;
}

/**
 * What n8n 2.40.7 answers for a body over N8N_PAYLOAD_SIZE_MAX sent to a version-1 start node such as
 * our trigger: its `parseRequestBody` reads the raw body for every content type, raw-body throws
 * PayloadTooLargeError, which is not one of n8n's ResponseErrors, so webhook-helpers answers a generic
 * 500 "There was a problem executing the workflow" (no execution, no stack trace) instead of 413.
 */
export const N8N_OVERSIZE_STATUS = 500;

export interface N8nLayerOptions {
	payloadSizeMaxBytes: number;
	/** Status n8n answers for a body over the payload limit (measured, see the hostile test). */
	oversizeStatus: number;
	/** Status n8n answers when `multipart/form-data` cannot be read as a form. */
	badMultipartStatus: number;
}

function contentTypeOf(headers: Record<string, string>): { type?: string; charset: string } {
	const header = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
	if (header === undefined) return { charset: 'utf-8' };
	const [type, ...parameters] = header.split(';');
	let charset = 'utf-8';
	for (const parameter of parameters) {
		const eq = parameter.indexOf('=');
		if (eq > 0 && parameter.slice(0, eq).trim().toLowerCase() === 'charset') charset = parameter.slice(eq + 1).trim().toLowerCase();
	}
	return { type: type.toLowerCase(), charset };
}

function stripBom(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export class N8nLayerModel {
	private readonly xml2js: Xml2js;

	constructor(
		installDir: string,
		private readonly options: N8nLayerOptions,
	) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- the xml2js copy the installed n8n parses webhook bodies with
		this.xml2js = require(join(installDir, 'n8n', 'node_modules', 'xml2js')) as Xml2js;
	}

	/** n8n's parser options (a fresh parser per body: n8n shares one, but a failed parse must not leak into the next check here). */
	private xmlParser(): XmlParser {
		return new this.xml2js.Parser({
			async: true,
			normalize: true,
			normalizeTags: true,
			explicitArray: false,
			tagNameProcessors: [sanitizeXmlName],
			attrNameProcessors: [sanitizeXmlName],
		});
	}

	/** n8n's answer to the request, or the node's when n8n lets it through. */
	async expected(request: HostileRequest): Promise<ExpectedAnswer> {
		const n8n = await this.n8nAnswer(request);
		return n8n ?? { status: request.nodeStatus, by: 'node', why: request.cls };
	}

	private async n8nAnswer(request: HostileRequest): Promise<ExpectedAnswer | undefined> {
		if (request.method !== 'GET' && request.method !== 'POST') return { status: 404, by: 'n8n', why: `${request.method} not registered` };
		if (request.body.length > this.options.payloadSizeMaxBytes) return { status: this.options.oversizeStatus, by: 'n8n', why: 'payload over N8N_PAYLOAD_SIZE_MAX' };
		const { type, charset } = contentTypeOf(request.headers);
		if (type === 'multipart/form-data') return { status: this.options.badMultipartStatus, by: 'n8n', why: 'not a readable multipart form' };
		if (type?.startsWith('multipart/') || request.body.length === 0) return undefined;
		const parsed = type === 'application/json' || type?.endsWith('/xml') || type?.endsWith('+xml') || type === 'text/plain' || type === 'application/x-www-form-urlencoded';
		if (!parsed) return undefined;
		let text: string;
		try {
			text = request.body.toString(charset as BufferEncoding);
		} catch {
			return { status: 422, by: 'n8n', why: `unknown charset ${charset}` };
		}
		if (type === 'application/json') {
			try {
				JSON.parse(stripBom(text));
			} catch {
				return { status: 422, by: 'n8n', why: 'JSON body parser' };
			}
		} else if (type?.endsWith('/xml') || type?.endsWith('+xml')) {
			let document: unknown;
			try {
				document = await this.xmlParser().parseStringPromise(text);
			} catch {
				return { status: 422, by: 'n8n', why: 'XML body parser', xmlParserTrouble: true };
			}
			// A fresh parser reads a document without a root element as null; n8n's used one may never answer.
			if (document === null && text.trim() !== '') return { status: request.nodeStatus, by: 'node', why: `${request.cls} (XML without a root element)`, xmlParserTrouble: true };
		}
		return undefined;
	}
}
