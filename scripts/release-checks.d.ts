// Types of release-checks.js (plain CommonJS so that release-check.mjs runs it without a build).
export interface GitHubRepo {
	owner: string;
	repo: string;
}

export interface FoundLink {
	kind: 'link' | 'image';
	target: string;
	line: number;
}

export interface CheckResult {
	passed: boolean;
	problems: string[];
}

export interface ReadmeLinksResult extends CheckResult {
	links: number;
	images: number;
}

export function repoFromPackage(pkg: unknown): GitHubRepo | null;
export function repoUrls(repo: GitHubRepo, branch?: string): { blob: string; tree: string; raw: string };
export function extractLinks(markdown: string): FoundLink[];
export function checkReadmeLinks(
	markdown: string,
	options: { repo: GitHubRepo; trackedFiles: Iterable<string>; branch?: string },
): ReadmeLinksResult;
export function checkPackageMetadata(pkg: Record<string, unknown>, hasFile: (path: string) => boolean): CheckResult;
/** The release workflow's text: trusted publishing with provenance, no stored npm token. */
export function checkReleaseWorkflow(yaml: string): CheckResult;
