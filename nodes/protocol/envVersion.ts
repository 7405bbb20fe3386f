/**
 * Which version of the mini program a link or code opens. WeChat's link and code APIs take the same three
 * values (docs/wechat-protocol.md §14, §15); a link's env_version only matters when it is opened outside
 * WeChat.
 */

export const ENV_VERSIONS = ['release', 'trial', 'develop'] as const;
export type EnvVersion = (typeof ENV_VERSIONS)[number];

/**
 * The version to send, or undefined to leave WeChat's default (release). An unknown value is pushed to
 * `problems` naming `label`, since WeChat would refuse it (85402 for links, 40097 for codes).
 */
export function checkEnvVersion(value: string | undefined, label: string, problems: string[]): EnvVersion | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const version = value.trim();
	if ((ENV_VERSIONS as readonly string[]).includes(version)) return version as EnvVersion;
	problems.push(`${label} "${value}" is not one of ${ENV_VERSIONS.join(', ')}.`);
	return undefined;
}
