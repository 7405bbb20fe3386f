/** One WeChat API call, body already read. */
export interface ApiRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	/** The body as UTF-8 text (JSON and forms). */
	body: string;
	/** The exact bytes (a multipart upload). */
	raw: Buffer;
	contentType?: string;
}
