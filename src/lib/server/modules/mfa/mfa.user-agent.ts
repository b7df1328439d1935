/**
 * A tiny, dependency-free reading of a User-Agent header into plain French ("Chrome sur Android").
 * It only needs to help a person recognise their own devices; unknown strings give a neutral label.
 */
const BROWSERS: [RegExp, string][] = [
	[/EdgA?\/|EdgiOS\//, 'Edge'],
	[/OPR\/|Opera/, 'Opera'],
	[/SamsungBrowser\//, 'Samsung Internet'],
	[/YaBrowser\//, 'Yandex'],
	[/Vivaldi\//, 'Vivaldi'],
	[/FxiOS\/|Firefox\//, 'Firefox'],
	[/CriOS\/|Chrome\/|Chromium\//, 'Chrome'],
	[/Version\/[\d.]+.*Safari\//, 'Safari']
];

const SYSTEMS: [RegExp, string][] = [
	[/iPhone/, 'iPhone'],
	[/iPad/, 'iPad'],
	[/Android/, 'Android'],
	[/CrOS/, 'Chromebook'],
	[/Windows/, 'Windows'],
	[/Macintosh|Mac OS X/, 'Mac'],
	[/Linux/, 'Linux']
];

export function describeUserAgent(userAgent: string | null | undefined): string {
	if (!userAgent) return 'Appareil inconnu';
	const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
	const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
	if (browser && system) return `${browser} sur ${system}`;
	if (browser) return browser;
	if (system) return `Navigateur sur ${system}`;
	return 'Navigateur inconnu';
}
