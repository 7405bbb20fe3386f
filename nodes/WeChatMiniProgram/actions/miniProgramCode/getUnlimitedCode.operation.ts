/**
 * Mini Program Code → Get Unlimited Code (/wxa/getwxacodeunlimit): the mini program code (小程序码) of a
 * scene, as n8n binary data ready for Send Email, Write File or an image edit. WeChat answers JPEG bytes, or
 * PNG with a transparent background, or JSON on an error, which becomes the error (never an "image").
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { getUnlimitedCode, prepareUnlimitedCode, SCENE_MAX_CHARACTERS, WXA_CODE_DEFAULT_WIDTH, WXA_CODE_MAX_WIDTH, WXA_CODE_MIN_WIDTH, type RgbColor } from '../../../protocol/wxaCode';
import type { OperationOption } from '../../../shared/operations';
import { envVersionProperty } from '../miniProgramLink/linkProperties';

export const option: OperationOption = {
	name: 'Get Unlimited Code',
	value: 'getUnlimitedCode',
	action: 'Get a mini program code image',
	description: 'The mini program code (小程序码) that opens a page with a scene of up to 32 characters, as an image file; unlimited in number',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Scene',
		name: 'scene',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. order=1001',
		description: `What the page reads as decodeURIComponent(options.scene): at most ${SCENE_MAX_CHARACTERS} letters, digits and !#$&'()*+,/:;=?@-._~ (no %, so no Chinese)`,
	},
	{
		displayName: 'Page',
		name: 'page',
		type: 'string',
		default: '',
		placeholder: 'e.g. pages/order/detail',
		description: 'A page of the released mini program: no leading /, no query (parameters go in Scene). Empty: the home page.',
	},
	envVersionProperty,
	{
		displayName: 'Transparent Background',
		name: 'transparent',
		type: 'boolean',
		default: true,
		description: 'Whether the background is transparent. WeChat answers a PNG then, a JPEG otherwise.',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		hint: 'The name of the output binary field to put the image in',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Automatic Line Color',
				name: 'autoColor',
				type: 'boolean',
				default: false,
				description: 'Whether WeChat picks the line color itself',
			},
			{
				displayName: 'Check Page Exists',
				name: 'checkPath',
				type: 'boolean',
				default: true,
				description: 'Whether WeChat refuses a page missing from the released version (off: a page of a trial or develop version; at most 60,000 such pages)',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. order-1001',
				description: 'The file name, without extension (it follows the image: .png or .jpg). Empty: wxacode- and the scene.',
			},
			{
				displayName: 'Line Color',
				name: 'lineColor',
				type: 'color',
				default: '#000000',
				description: 'The color of the code’s lines (ignored with Automatic Line Color)',
			},
			{
				displayName: 'Width (Px)',
				name: 'width',
				type: 'number',
				typeOptions: { minValue: WXA_CODE_MIN_WIDTH, maxValue: WXA_CODE_MAX_WIDTH },
				default: WXA_CODE_DEFAULT_WIDTH,
			},
		],
	},
];

interface CodeOptions {
	checkPath?: boolean;
	fileName?: string;
	lineColor?: string;
	autoColor?: boolean;
	width?: number;
}

/** #rrggbb (n8n's color parameter) as decimal RGB; undefined for anything else, which WeChat's default (black) then covers. */
export function rgbOf(hex: string | undefined): RgbColor | undefined {
	const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec((hex ?? '').trim());
	if (!match) return undefined;
	return { r: parseInt(match[1], 16), g: parseInt(match[2], 16), b: parseInt(match[3], 16) };
}

/** A file name made of the scene's safe characters. */
function defaultFileName(scene: string): string {
	return `wxacode-${scene.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const scene = String(this.getNodeParameter('scene', itemIndex, '') ?? '');
	const page = String(this.getNodeParameter('page', itemIndex, '') ?? '');
	const envVersion = String(this.getNodeParameter('envVersion', itemIndex, 'release'));
	const options = this.getNodeParameter('options', itemIndex, {}) as CodeOptions;
	const body = prepareUnlimitedCode({
		scene,
		page,
		envVersion,
		checkPath: options.checkPath,
		width: options.width,
		autoColor: options.autoColor,
		lineColor: rgbOf(options.lineColor),
		isHyaline: this.getNodeParameter('transparent', itemIndex, true) === true,
	});
	const image = await getUnlimitedCode(client, body);
	const fileName = `${(options.fileName ?? '').trim() || defaultFileName(scene)}.${image.fileExtension}`;
	const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? 'data').trim() || 'data';
	const binary = await this.helpers.prepareBinaryData(image.bytes, fileName, image.mimeType);
	return [{ json: { scene, page, envVersion: body.env_version ?? 'release', mimeType: image.mimeType, fileName, fileSize: image.bytes.length }, binary: { [property]: binary } }];
}
