import axios from 'axios';

import { REQUEST_MS } from './bounds.mjs';

/** The sandbox's request log (GET /sandbox/requests), oldest first. */
export async function sandboxRequests(requestsUrl, filter = {}) {
	const { data } = await axios.get(requestsUrl, { params: filter, timeout: REQUEST_MS });
	const list = Array.isArray(data) ? data : (data.requests ?? data.items ?? data.data);
	if (!Array.isArray(list)) throw new Error(`unexpected answer from ${requestsUrl}: ${JSON.stringify(data).slice(0, 300)}`);
	return list;
}

/** The highest sequence number so far, so a later query can ask for newer records only. */
export async function lastSeq(requestsUrl) {
	const list = await sandboxRequests(requestsUrl);
	return list.reduce((max, record) => Math.max(max, Number(record.seq) || 0), 0);
}

/** Records of one GREEN-API method (any spelling) received after afterSeq. */
export async function callsOf(requestsUrl, method, afterSeq = 0) {
	const list = await sandboxRequests(requestsUrl);
	return list.filter((record) => String(record.method).toLowerCase() === method.toLowerCase() && Number(record.seq) > afterSeq);
}
