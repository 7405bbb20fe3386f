/** What a translation of a Markdown page keeps whatever its language: structure, targets, tables and code. */
export interface MarkdownShape {
	/** Each heading's level (1 for `#`), in order; headings inside code blocks are not headings. */
	headingLevels: number[];
	/** Link targets, in order. */
	links: string[];
	/** Image sources, in order. */
	images: string[];
	/** Rows per table, in order (header and separator included). */
	tableRows: number[];
	/** The fenced code blocks' text, in order: commands are not translated. */
	codeBlocks: string[];
}

type LinkExtractor = (markdown: string) => Array<{ kind: string; target: string }>;

const FENCE = /^```/;

export function markdownShape(markdown: string, extractLinks: LinkExtractor): MarkdownShape {
	const headingLevels: number[] = [];
	const tableRows: number[] = [];
	const codeBlocks: string[] = [];
	let code: string[] | null = null;
	let rows = 0;
	for (const line of markdown.split('\n')) {
		if (FENCE.test(line.trim())) {
			if (code) {
				codeBlocks.push(code.join('\n'));
				code = null;
			} else code = [];
			continue;
		}
		if (code) {
			code.push(line);
			continue;
		}
		if (line.startsWith('|')) rows++;
		else if (rows > 0) {
			tableRows.push(rows);
			rows = 0;
		}
		const heading = /^(#{1,6}) /.exec(line);
		if (heading?.[1]) headingLevels.push(heading[1].length);
	}
	if (rows > 0) tableRows.push(rows);
	const targets = extractLinks(markdown);
	return {
		headingLevels,
		links: targets.filter((t) => t.kind === 'link').map((t) => t.target),
		images: targets.filter((t) => t.kind === 'image').map((t) => t.target),
		tableRows,
		codeBlocks,
	};
}
