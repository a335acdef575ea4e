import type { IDataObject } from 'n8n-workflow';

export type FormFieldType = 'text' | 'textarea' | 'number' | 'email' | 'date' | 'dropdown';

export interface FormField {
	/** The form's input name. */
	name: string;
	label: string;
	/** Key of the answer in the output. */
	key: string;
	type: FormFieldType;
	required: boolean;
	placeholder: string;
	choices: string[];
}

export interface FormAnswer {
	values: IDataObject;
	/** Problems by input name; empty when the answer can be taken. */
	errors: Record<string, string>;
}

const TYPES: FormFieldType[] = ['text', 'textarea', 'number', 'email', 'date', 'dropdown'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Free Text: one required text box, answered as `text` like n8n's own nodes. */
export const FREE_TEXT_FIELDS: FormField[] = [
	{ name: 'field-0', label: 'Your answer', key: 'text', type: 'textarea', required: true, placeholder: '', choices: [] },
];

/** Custom Form: the Form Fields parameter, with labels made unique (they key the output). */
export function customFormFields(values: IDataObject[]): FormField[] {
	const seen = new Map<string, number>();
	return values.map((value, index) => {
		const base = String(value.fieldLabel ?? '').trim() || `Field ${index + 1}`;
		const count = (seen.get(base) ?? 0) + 1;
		seen.set(base, count);
		const type = TYPES.includes(value.fieldType as FormFieldType) ? (value.fieldType as FormFieldType) : 'text';
		const label = count === 1 ? base : `${base} (${count})`;
		return {
			name: `field-${index}`,
			label,
			key: label,
			type,
			required: value.requiredField === true,
			placeholder: String(value.placeholder ?? ''),
			choices: String(value.fieldOptions ?? '')
				.split(',')
				.map((choice) => choice.trim())
				.filter(Boolean),
		};
	});
}

/**
 * The submitted values, checked as the browser would (a form can be posted without one). n8n
 * parses url-encoded bodies into an object; a multipart body arrives as `{data: {...}}`.
 */
export function readAnswer(fields: FormField[], body: unknown): FormAnswer {
	const raw = (body && typeof body === 'object' ? body : {}) as IDataObject;
	const posted = (raw.data && typeof raw.data === 'object' ? raw.data : raw) as IDataObject;
	const values: IDataObject = {};
	const errors: Record<string, string> = {};
	for (const field of fields) {
		const input = posted[field.name];
		const text = (Array.isArray(input) ? String(input[0] ?? '') : String(input ?? '')).trim();
		if (text === '') {
			if (field.required) errors[field.name] = 'Please fill in this field.';
			values[field.key] = field.type === 'number' ? null : '';
			continue;
		}
		if (field.type === 'number') {
			const number = Number(text);
			if (Number.isFinite(number)) values[field.key] = number;
			else errors[field.name] = 'Please enter a number.';
		} else if (field.type === 'email' && !EMAIL.test(text)) {
			errors[field.name] = 'Please enter an email address.';
		} else if (field.type === 'date' && !DATE.test(text)) {
			errors[field.name] = 'Please enter a date.';
		} else if (field.type === 'dropdown' && field.choices.length && !field.choices.includes(text)) {
			errors[field.name] = 'Please choose one of the options.';
		} else {
			values[field.key] = text;
		}
	}
	return { values, errors };
}
