/** Reads a multipart/form-data body the way WeChat's upload does: the parts, their names, file names, types and exact bytes. */
export interface FormPart {
	name: string;
	fileName?: string;
	contentType?: string;
	data: Buffer;
}

/** The parts of `body`, or undefined when it is not multipart with the boundary of `contentType`. */
export function parseMultipart(body: Buffer, contentType: string | undefined): FormPart[] | undefined {
	const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
	if (!boundary || !/^multipart\/form-data/i.test(contentType ?? '')) return undefined;
	const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	const parts: FormPart[] = [];
	let start = body.indexOf(delimiter);
	if (start < 0) return undefined;
	for (;;) {
		const afterDelimiter = start + delimiter.length;
		if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') break;
		const headerEnd = body.indexOf('\r\n\r\n', afterDelimiter);
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd);
		if (headerEnd < 0 || next < 0) return undefined;
		const headers = body.subarray(afterDelimiter + 2, headerEnd).toString('utf8');
		const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
		const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
		if (name === undefined) return undefined;
		parts.push({
			name,
			fileName: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
			contentType: /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim(),
			data: Buffer.from(body.subarray(headerEnd + 4, next)),
		});
		start = next + 2;
	}
	return parts;
}
