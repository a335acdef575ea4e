import type { FormField } from './responseForm';

/** The pages the person sees after tapping a link: a form, or the confirmation. */

const escapeHtml = (text: string): string =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Keeps the line breaks of a message; `\n` typed literally into n8n counts as one too. */
const paragraphs = (text: string): string => escapeHtml(text.replace(/\\n/g, '\n')).replace(/\n/g, '<br>');

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#efeae2;color:#111b21}
main{max-width:520px;margin:32px auto;padding:24px;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:20px;margin:0 0 12px}
p{margin:0 0 16px;color:#3b4a54}
label{display:block;font-weight:600;margin:16px 0 6px}
input,select,textarea{width:100%;font:inherit;padding:10px;border:1px solid #d1d7db;border-radius:8px;background:#fff}
textarea{min-height:120px}
button{margin-top:20px;width:100%;font:inherit;font-weight:600;padding:12px;border:0;border-radius:8px;background:#00a884;color:#fff;cursor:pointer}
.error{color:#d93025;font-size:14px;margin-top:4px}
.required{color:#d93025}
.done{text-align:center}
.done .mark{font-size:40px;color:#00a884}
`;

function page(title: string, body: string): string {
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

/** After an answer was taken. */
export function recordedPage(choice?: string): string {
	const what = choice ? `Your answer “${escapeHtml(choice)}” was recorded.` : 'Your answer was recorded.';
	return page('Thank you', `<div class="done"><div class="mark">✓</div><h1>Thank you</h1><p>${what} You can close this page.</p></div>`);
}

function input(field: FormField, value: string): string {
	const common = `id="${field.name}" name="${field.name}"${field.required ? ' required' : ''}${
		field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : ''
	}`;
	switch (field.type) {
		case 'textarea':
			return `<textarea ${common}>${escapeHtml(value)}</textarea>`;
		case 'dropdown':
			return `<select ${common}><option value=""></option>${field.choices
				.map((choice) => `<option${choice === value ? ' selected' : ''}>${escapeHtml(choice)}</option>`)
				.join('')}</select>`;
		case 'number':
			return `<input type="number" step="any" ${common} value="${escapeHtml(value)}">`;
		default:
			return `<input type="${field.type}" ${common} value="${escapeHtml(value)}">`;
	}
}

export interface FormPage {
	title: string;
	description: string;
	buttonLabel: string;
	fields: FormField[];
	/** What was posted, to show again with the errors. */
	values?: Record<string, string>;
	errors?: Record<string, string>;
}

/** The response form; it posts back to the same signed URL, as multipart like n8n's own forms (n8n requires that for custom forms). */
export function formPage(form: FormPage): string {
	const fields = form.fields
		.map((field) => {
			const error = form.errors?.[field.name];
			return `<label for="${field.name}">${escapeHtml(field.label)}${field.required ? ' <span class="required">*</span>' : ''}</label>${input(
				field,
				form.values?.[field.name] ?? '',
			)}${error ? `<div class="error">${escapeHtml(error)}</div>` : ''}`;
		})
		.join('\n');
	return page(
		form.title || 'Your answer',
		`${form.title ? `<h1>${escapeHtml(form.title)}</h1>` : ''}${form.description ? `<p>${paragraphs(form.description)}</p>` : ''}
<form method="post" enctype="multipart/form-data">${fields}<button type="submit">${escapeHtml(form.buttonLabel)}</button></form>`,
	);
}

/**
 * The pages show the message, which may come from anywhere: no scripts, and the sandbox keeps
 * them off n8n's own origin. Forms may still post.
 */
export const PAGE_HEADERS: Record<string, string> = {
	'Content-Type': 'text/html; charset=utf-8',
	'Content-Security-Policy': "sandbox allow-forms; default-src 'none'; style-src 'unsafe-inline'",
	'Cache-Control': 'no-store',
	'Referrer-Policy': 'no-referrer',
	'X-Content-Type-Options': 'nosniff',
};
