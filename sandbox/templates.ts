import type { PublicKeyword, PublicTemplateTitle } from './seed';

export interface TemplateKeyword {
	/** e.g. `thing1`: the key of `data` in a send. */
	key: string;
	type: string;
	label: string;
	enumValues?: readonly string[];
}

export interface KeywordEnumValues {
	keywordCode: string;
	enumValueList: string[];
}

/** A private template of an account (个人模板), as gettemplate shows it plus what the sandbox needs. */
export interface AccountTemplate {
	priTmplId: string;
	tid: number;
	kidList: readonly number[];
	sceneDesc: string;
	title: string;
	content: string;
	example: string;
	type: 2 | 3;
	keywordEnumValueList?: KeywordEnumValues[];
	keywords: readonly TemplateKeyword[];
}

/**
 * Composes an account template from a public title and chosen keyword ids, the way addtemplate does:
 * one line per keyword in kidList order, `label:{{rule+kid.DATA}}`.
 */
export function composeAccountTemplate(
	title: PublicTemplateTitle,
	kidList: readonly number[],
	priTmplId: string,
	sceneDesc: string,
): AccountTemplate {
	const chosen = kidList.map((kid) => {
		const keyword = title.keywords.find((k) => k.kid === kid);
		if (!keyword) throw new RangeError(`tid ${title.tid} has no keyword ${kid}`);
		return keyword;
	});
	const keyOf = (k: PublicKeyword) => `${k.rule}${k.kid}`;
	const enums = chosen
		.filter((k) => k.enumValues)
		.map((k) => ({ keywordCode: `${keyOf(k)}.DATA`, enumValueList: [...(k.enumValues ?? [])] }));
	const template: AccountTemplate = {
		priTmplId,
		tid: title.tid,
		kidList: [...kidList],
		sceneDesc,
		title: title.title,
		content: chosen.map((k) => `${k.name}:{{${keyOf(k)}.DATA}}\n`).join(''),
		example: chosen.map((k) => `${k.name}:${k.example}\n`).join(''),
		type: title.type,
		keywords: chosen.map((k) => ({
			key: keyOf(k),
			type: k.rule,
			label: k.name,
			...(k.enumValues ? { enumValues: k.enumValues } : {}),
		})),
	};
	if (enums.length > 0) template.keywordEnumValueList = enums;
	return template;
}

/** The gettemplate view of a template (no sandbox bookkeeping). */
export function publicViewOf(template: AccountTemplate): Record<string, unknown> {
	const view: Record<string, unknown> = {
		priTmplId: template.priTmplId,
		title: template.title,
		content: template.content,
		example: template.example,
		type: template.type,
	};
	if (template.keywordEnumValueList) view.keywordEnumValueList = template.keywordEnumValueList;
	return view;
}
