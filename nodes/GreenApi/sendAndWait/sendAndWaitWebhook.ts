import type { IDataObject, IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isLinkPreview } from './linkPreview';
import { customFormFields, FREE_TEXT_FIELDS, readAnswer, type FormField } from './responseForm';
import { formPage, PAGE_HEADERS, recordedPage } from './responsePages';
import { DEFAULT_LABELS } from './sendAndWaitProperties';

/**
 * n8n's waiting webhooks: `restartWebhook` makes them live only while an execution of this node
 * waits, at the execution's resume URL plus the node ID (what getSignedResumeUrl signs). n8n
 * checks the signature before it calls the node, and each answer resumes the execution once.
 */
export const SEND_AND_WAIT_WEBHOOKS: IWebhookDescription[] = (['GET', 'POST'] as const).map((httpMethod) => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	responseData: '',
	path: '={{ $nodeId }}',
	restartWebhook: true,
	isFullPath: true,
}));

function writePage(ctx: IWebhookFunctions, html: string, status = 200): void {
	const res = ctx.getResponseObject();
	res.status(status);
	for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
	res.send(html);
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The answer as the node outputs it: the values under `data`, like n8n's own Send and Wait. */
const answered = (data: IDataObject): IWebhookResponseData => ({
	noWebhookResponse: true,
	workflowData: [[{ json: { data: { ...data, responded: true, respondedAt: new Date().toISOString() } } }]],
});

function approval(ctx: IWebhookFunctions): IWebhookResponseData {
	const req = ctx.getRequestObject();
	if (isLinkPreview(req.headers['user-agent'])) {
		ctx.getResponseObject().status(204).send();
		return { noWebhookResponse: true };
	}
	// n8n signed this value into the link; it cannot be changed without breaking the signature.
	const approved = (ctx.getQueryData() as IDataObject).approved === 'true';
	const labels = ctx.getNodeParameter('approvalOptions.values', {}) as IDataObject;
	const label = approved ? text(labels.approveLabel) || DEFAULT_LABELS.approve : text(labels.disapproveLabel) || DEFAULT_LABELS.decline;
	writePage(ctx, recordedPage(label));
	return answered({ approved });
}

function form(ctx: IWebhookFunctions, fields: FormField[]): IWebhookResponseData {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const page = {
		title: text(options.responseFormTitle),
		description: text(options.responseFormDescription) || text(ctx.getNodeParameter('message', '')),
		buttonLabel: text(options.responseFormButtonLabel) || DEFAULT_LABELS.submit,
		fields,
	};
	if (ctx.getRequestObject().method !== 'POST') {
		writePage(ctx, formPage(page));
		return { noWebhookResponse: true };
	}
	const body = ctx.getBodyData();
	const { values, errors } = readAnswer(fields, body);
	if (Object.keys(errors).length) {
		const posted = ((body as IDataObject).data ?? body) as IDataObject;
		const shown = Object.fromEntries(fields.map((field) => [field.name, String(posted[field.name] ?? '')]));
		writePage(ctx, formPage({ ...page, values: shown, errors }), 400);
		return { noWebhookResponse: true };
	}
	writePage(ctx, recordedPage());
	return answered(values);
}

/** Answers a tap on a link of a message Send and Wait for Response sent. */
export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const responseType = this.getNodeParameter('responseType', 'approval') as string;
	if (responseType === 'freeText') return form(this, FREE_TEXT_FIELDS);
	if (responseType === 'customForm') {
		const values = (this.getNodeParameter('formFields.values', []) as IDataObject[]) ?? [];
		return form(this, customFormFields(values));
	}
	return approval(this);
}
