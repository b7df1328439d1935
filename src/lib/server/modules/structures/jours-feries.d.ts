declare module '@socialgouv/jours-feries' {
	/** French public holidays of a year, by name, at midnight UTC of their date (`alsace`: Alsace-Moselle's two extra days). */
	export default function joursFeries(year: number, options?: { alsace?: boolean }): Record<string, Date>;
}
