/**
 * Statuses (beta). Sends go through the send queue; once sent, every viewer moves
 * sent → delivered → read. Journals and statistics only cover statuses sent while outgoingWebhook
 * was on (contract notes for getOutgoingStatuses / getStatusStatistic).
 */
import type { SandboxCore } from '../core';
import { badRequest, validationFailed } from '../errors';
import { outgoingMessageId, nowSeconds } from '../ids';
import { kindForFileName, mimeForFileName, THUMBNAIL_BASE64 } from '../media';
import { enqueueSend } from '../sendQueue';
import type { Instance, StatusRecord, StatusViewer } from '../state';
import { type Body, checkChatId, checkMaxLength, checkOneOf, optString, reqString } from '../validate';
import { checkFileNameExtension, checkHttpUrl } from './sending';
import { EMPTY, type HandlerTable, type MethodRequest } from './types';

const FONTS = ['SERIF', 'SANS_SERIF', 'NORICAN_REGULAR', 'BRYNDAN_WRITE', 'OSWALD_HEAVY'];
const MAX_AUDIENCE = 1024;

function participantsOf(body: Body): string[] {
	const list = (body.participants as string[] | undefined) ?? [];
	list.forEach((id, i) => checkChatId(`participants[${i}]`, id, ['personal', 'lid']));
	return list;
}

function checkColour(body: Body): string | undefined {
	const colour = optString(body, 'backgroundColor');
	if (colour !== undefined && !/^#[0-9A-Fa-f]{6}$/.test(colour)) {
		throw validationFailed("'backgroundColor' must be a colour in the format #RRGGBB");
	}
	return colour;
}

/** Who sees a status: the given participants, or every contact with WhatsApp (first 1024). */
function audience(core: SandboxCore, inst: Instance, participants: string[]): string[] {
	const ids = participants.length ? participants : [...inst.contacts.keys()];
	return ids.filter((id) => core.hasWhatsapp(id)).slice(0, MAX_AUDIENCE);
}

function progressViewers(core: SandboxCore, inst: Instance, status: StatusRecord): void {
	const setAll = (value: StatusViewer['status']) => {
		for (const viewer of status.viewers) {
			viewer.status = value;
			viewer.timestamp = nowSeconds();
		}
		core.changed(inst);
	};
	status.statusMessage = 'sent';
	status.viewers = audience(core, inst, status.participants).map((participant) => ({
		participant,
		timestamp: nowSeconds(),
		status: 'sent',
	}));
	const step = core.opts.statusProgressMs;
	core.timers.after(step, () => {
		setAll('delivered');
		status.statusMessage = 'delivered';
		core.timers.after(step, () => {
			setAll('read');
			status.statusMessage = 'read';
		});
	});
}

type StatusContent = Pick<StatusRecord, 'typeMessage' | 'participants' | 'text' | 'backgroundColor' | 'font' | 'file'>;

function queueStatus(req: MethodRequest, status: StatusContent, method: string) {
	const { core, inst } = req;
	const record: StatusRecord = {
		...status,
		idMessage: outgoingMessageId(),
		type: 'outgoing',
		timestamp: nowSeconds(),
		chatId: inst.wid,
		senderId: inst.wid,
		senderName: inst.name,
		senderContactName: '',
		journaled: inst.settings.outgoingWebhook === 'yes',
		viewers: [],
		statusMessage: 'pending',
	};
	inst.statuses.push(record);
	enqueueSend(core, inst, {
		method,
		body: req.body,
		drafts: [],
		ids: [record.idMessage],
		isFile: method !== 'sendTextStatus',
		onSend: () => progressViewers(core, inst, record),
	});
	return { idMessage: record.idMessage };
}

/** The link and name of a voice or media status: a direct http(s) link and a name with its extension. */
function statusFileOf(body: Body): { urlFile: string; fileName: string } {
	const urlFile = reqString(body, 'urlFile');
	checkHttpUrl('urlFile', urlFile);
	const fileName = reqString(body, 'fileName');
	checkFileNameExtension('fileName', fileName);
	return { urlFile, fileName };
}

function mediaStatusFile(core: SandboxCore, urlFile: string, fileName: string, caption: string) {
	const stored = core.files.byUrl(urlFile);
	return {
		downloadUrl: stored?.url ?? urlFile,
		fileName,
		mimeType: stored?.mimeType ?? mimeForFileName(fileName),
		caption,
	};
}

export function statusJournalItem(status: StatusRecord): Record<string, unknown> {
	const item: Record<string, unknown> = {
		type: status.type,
		idMessage: status.idMessage,
		timestamp: status.timestamp,
		typeMessage: status.typeMessage,
		chatId: status.chatId,
	};
	if (status.type === 'incoming') {
		item.senderId = status.senderId;
		item.senderName = status.senderName;
		item.senderContactName = status.senderContactName;
	}
	if (status.typeMessage === 'extendedTextMessage') {
		item.textMessage = status.text ?? '';
		item.extendedTextMessage = {
			text: status.text ?? '',
			backgroundColor: status.backgroundColor ?? '#FFFFFF',
			font: status.font ?? 'SERIF',
			...(status.type === 'outgoing' ? { participants: status.participants } : {}),
		};
	} else if (status.file) {
		if (status.type === 'outgoing') item.participants = status.participants;
		item.downloadUrl = status.file.downloadUrl;
		item.caption = status.file.caption;
		item.fileName = status.file.fileName;
		item.jpegThumbnail = THUMBNAIL_BASE64;
		item.mimeType = status.file.mimeType;
	}
	if (status.type === 'outgoing') {
		item.statusMessage = status.statusMessage ?? 'pending';
		item.sendByApi = true;
	}
	return item;
}

const recent = (statuses: StatusRecord[], minutes: number) => {
	const since = Date.now() / 1000 - minutes * 60;
	return statuses.filter((s) => s.timestamp >= since).sort((a, b) => b.timestamp - a.timestamp);
};

export const statusHandlers: HandlerTable = {
	sendTextStatus: {
		gate: 'running',
		beta: true,
		handle: (req) => {
			const text = reqString(req.body, 'message');
			checkMaxLength('message', text, 500);
			const backgroundColor = checkColour(req.body) ?? '#FFFFFF';
			const font = optString(req.body, 'font') ?? 'SERIF';
			checkOneOf('font', font, FONTS);
			const participants = participantsOf(req.body);
			return queueStatus(req, { typeMessage: 'extendedTextMessage', text, backgroundColor, font, participants }, 'sendTextStatus');
		},
	},

	sendVoiceStatus: {
		gate: 'running',
		beta: true,
		handle: (req) => {
			const { urlFile, fileName } = statusFileOf(req.body);
			const backgroundColor = checkColour(req.body) ?? '#FFFFFF';
			const participants = participantsOf(req.body);
			const file = mediaStatusFile(req.core, urlFile, fileName, '');
			return queueStatus(req, { typeMessage: 'audioMessage', backgroundColor, participants, file }, 'sendVoiceStatus');
		},
	},

	sendMediaStatus: {
		gate: 'running',
		beta: true,
		handle: (req) => {
			const { urlFile, fileName } = statusFileOf(req.body);
			const caption = optString(req.body, 'caption') ?? '';
			checkMaxLength('caption', caption, 1024);
			const participants = participantsOf(req.body);
			const kind = kindForFileName(fileName) === 'videoMessage' ? 'videoMessage' : 'imageMessage';
			const file = mediaStatusFile(req.core, urlFile, fileName, caption);
			return queueStatus(req, { typeMessage: kind, participants, file }, 'sendMediaStatus');
		},
	},

	deleteStatus: {
		gate: 'running',
		beta: true,
		handle: ({ core, inst, body }) => {
			const idMessage = reqString(body, 'idMessage');
			const index = inst.statuses.findIndex((s) => s.type === 'outgoing' && s.idMessage === idMessage);
			if (index < 0) throw badRequest('ID message notfound');
			inst.statuses.splice(index, 1);
			core.changed(inst);
			return EMPTY;
		},
	},

	getStatusStatistic: {
		gate: 'running',
		beta: true,
		handle: ({ inst, query }) => {
			const status = inst.statuses.find((s) => s.type === 'outgoing' && s.journaled && s.idMessage === query.idMessage);
			return (status?.viewers ?? []).map((v) => ({
				participant: v.participant,
				timestamp: v.timestamp,
				status: v.status,
			}));
		},
	},

	getIncomingStatuses: {
		gate: 'running',
		beta: true,
		handle: ({ inst, query }) =>
			recent(
				inst.statuses.filter((s) => s.type === 'incoming'),
				(query.minutes as number | undefined) ?? 1440,
			).map(statusJournalItem),
	},

	getOutgoingStatuses: {
		gate: 'running',
		beta: true,
		handle: ({ inst, query }) =>
			recent(
				inst.statuses.filter((s) => s.type === 'outgoing' && s.journaled),
				(query.minutes as number | undefined) ?? 1440,
			).map(statusJournalItem),
	},
};
