/**
 * README.md and README.zh-CN.md say the same thing in two languages. Their wording cannot be compared, so
 * what a translation must not lose is compared instead: the section tree (heading levels in order), every
 * link and image, the tables' rows and the code blocks. A section, link or example added to one README
 * and not to the other fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { extractLinks } from '../../../scripts/release-checks';
import { markdownShape, type MarkdownShape } from '../../helpers/markdownShape';

const root = join(__dirname, '..', '..', '..');
const BLOB = 'https://github.com/n8n-nodes-wechat-miniprogram/n8n-nodes-wechat-miniprogram/blob/main/';
const read = (name: string): string => readFileSync(join(root, name), 'utf8');

const english = read('README.md');
const chinese = read('README.zh-CN.md');

/** The links that differ by design: each README's language line points at the other. */
function withoutLanguageLinks(shape: MarkdownShape): MarkdownShape {
	const languageLinks = new Set([`${BLOB}README.md`, `${BLOB}README.zh-CN.md`]);
	return { ...shape, links: shape.links.filter((link) => !languageLinks.has(link)) };
}

describe('README.md and README.zh-CN.md', () => {
	it('link each other in their first lines', () => {
		const top = (text: string) => text.split('\n').slice(0, 4).join('\n');
		expect(top(english)).toContain(`](${BLOB}README.zh-CN.md)`);
		expect(top(chinese)).toContain(`](${BLOB}README.md)`);
	});

	const en = withoutLanguageLinks(markdownShape(english, extractLinks));
	const zh = withoutLanguageLinks(markdownShape(chinese, extractLinks));

	it('have the same sections, in the same order and at the same levels', () => {
		expect(zh.headingLevels).toEqual(en.headingLevels);
	});

	it('have the same links, in the same order', () => {
		expect(zh.links).toEqual(en.links);
	});

	it('show the same images, in the same order', () => {
		expect(zh.images).toEqual(en.images);
		expect(en.images.length).toBeGreaterThan(0);
	});

	it('have tables of the same sizes and the same code blocks', () => {
		expect(zh.tableRows).toEqual(en.tableRows);
		expect(zh.codeBlocks).toEqual(en.codeBlocks);
	});
});

describe('markdownShape', () => {
	const shape = (text: string) => markdownShape(text, extractLinks);

	it('sees a dropped section, a dropped link, a changed image, a shorter table and an edited command', () => {
		const base = '# T\n\n## A\n[x](https://a.example)\n\n![i](https://i.example/1.png)\n\n| a |\n|---|\n| 1 |\n\n```sh\nnpm test\n```\n';
		const reference = shape(base);
		expect(shape(base.replace('## A\n', ''))).not.toEqual(reference);
		expect(shape(base.replace('[x](https://a.example)', 'x')).links).not.toEqual(reference.links);
		expect(shape(base.replace('1.png', '2.png')).images).not.toEqual(reference.images);
		expect(shape(base.replace('| 1 |\n', '')).tableRows).not.toEqual(reference.tableRows);
		expect(shape(base.replace('npm test', 'npm run test')).codeBlocks).not.toEqual(reference.codeBlocks);
		expect(shape(base.replace('[x]', '[某]').replace('## A', '## 甲'))).toEqual(reference);
	});

	it('does not count a heading inside a code block', () => {
		expect(shape('# T\n```sh\n# a comment\n```\n').headingLevels).toEqual([1]);
	});
});
