import QRCode from 'qrcode';

/** The page a scanned QR code opens: `<origin>/activer?code=ABC-DEF-GHJ`. */
export function activationUrl(origin: string, code: string): string {
	const url = new URL('/activer', origin);
	url.searchParams.set('code', code);
	return url.toString();
}

/** An inline SVG QR code (dark on white, quiet zone included) for the activation URL. */
export async function activationQrSvg(url: string): Promise<string> {
	return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
}
