/**
 * Groups. Business failures answer 200 with a false flag, as documented (not an admin, already a
 * member, ...).
 */
import { badRequest, internalError } from '../errors';
import { groupChatId, inviteCode, nowSeconds } from '../ids';
import { type Group, type Instance, getChat } from '../state';
import { checkChatId, checkMaxLength, chatKind, reqString } from '../validate';
import { pictureFrom } from './account';
import type { HandlerTable, MethodRequest } from './types';

function groupIdOf(req: MethodRequest): string {
	const groupId = reqString(req.body, 'groupId');
	checkChatId('groupId', groupId, ['group']);
	return groupId;
}

function participantOf(req: MethodRequest): string {
	const id = reqString(req.body, 'participantChatId');
	checkChatId('participantChatId', id, ['personal', 'lid']);
	return id;
}

const member = (group: Group, id: string) => group.participants.find((p) => p.id === id);
const isAdmin = (inst: Instance, group: Group) => !!member(group, inst.wid)?.isAdmin;

export function createGroupRecord(
	inst: Instance,
	subject: string,
	owner: string,
	participants: { id: string; isAdmin?: boolean }[],
	groupId = groupChatId(),
): Group {
	const now = nowSeconds();
	const list = participants.filter((p, i) => participants.findIndex((q) => q.id === p.id) === i);
	const group: Group = {
		groupId,
		subject,
		owner,
		creation: now,
		subjectTime: now,
		subjectOwner: owner,
		participants: list.map((p) => ({
			id: p.id,
			isAdmin: p.isAdmin ?? p.id === owner,
			isSuperAdmin: p.id === owner,
		})),
		inviteLink: `https://chat.whatsapp.com/${inviteCode()}`,
		pictureUrl: '',
	};
	inst.groups.set(groupId, group);
	getChat(inst, groupId);
	return group;
}

export const groupHandlers: HandlerTable = {
	createGroup: {
		gate: 'authorized',
		handle: ({ core, inst, body }) => {
			const groupName = reqString(body, 'groupName');
			checkMaxLength('groupName', groupName, 100);
			const chatIds = body.chatIds as string[];
			// Documented: a group id among the members gives a bare 500.
			if (chatIds.some((id) => chatKind(id) === 'group')) throw internalError();
			chatIds.forEach((id, i) => checkChatId(`chatIds[${i}]`, id, ['personal', 'lid']));
			const group = createGroupRecord(inst, groupName, inst.wid, [{ id: inst.wid }, ...chatIds.map((id) => ({ id }))]);
			core.changed(inst);
			return { created: true, chatId: group.groupId, groupInviteLink: group.inviteLink };
		},
	},

	updateGroupName: {
		gate: 'authorized',
		handle: (req) => {
			const group = req.inst.groups.get(groupIdOf(req));
			// The 100-character limit is confirmed for createGroup only, so a rename is not limited.
			const groupName = reqString(req.body, 'groupName');
			if (!group || !member(group, req.inst.wid)) return { updateGroupName: false };
			group.subject = groupName;
			group.subjectTime = nowSeconds();
			group.subjectOwner = req.inst.wid;
			req.core.changed(req.inst);
			return { updateGroupName: true };
		},
	},

	getGroupData: {
		gate: 'authorized',
		handle: (req) => {
			const group = req.inst.groups.get(groupIdOf(req));
			// Not documented for an unknown group; answered like other unknown ids.
			if (!group) throw badRequest('Group not found');
			return {
				groupId: group.groupId,
				owner: group.owner,
				subject: group.subject,
				creation: group.creation,
				participants: group.participants.map((p) => ({ ...p })),
				subjectTime: group.subjectTime,
				subjectOwner: group.subjectOwner,
				groupInviteLink: isAdmin(req.inst, group) ? group.inviteLink : '',
			};
		},
	},

	addGroupParticipant: {
		gate: 'authorized',
		handle: (req) => {
			const group = req.inst.groups.get(groupIdOf(req));
			const id = participantOf(req);
			if (!group || !isAdmin(req.inst, group) || member(group, id) || !req.core.hasWhatsapp(id)) {
				return { addParticipant: false };
			}
			group.participants.push({ id, isAdmin: false, isSuperAdmin: false });
			req.core.changed(req.inst);
			return { addParticipant: true };
		},
	},

	removeGroupParticipant: {
		gate: 'authorized',
		handle: (req) => {
			const group = req.inst.groups.get(groupIdOf(req));
			const id = participantOf(req);
			if (!group || !isAdmin(req.inst, group) || !member(group, id)) return { removeParticipant: false };
			group.participants = group.participants.filter((p) => p.id !== id);
			req.core.changed(req.inst);
			return { removeParticipant: true };
		},
	},

	setGroupAdmin: {
		gate: 'authorized',
		handle: (req) => {
			const group = req.inst.groups.get(groupIdOf(req));
			const id = participantOf(req);
			if (!group || !isAdmin(req.inst, group)) return { setGroupAdmin: false, error: 'failed to set group admin' };
			const participant = member(group, id);
			if (!participant) return { setGroupAdmin: false, error: 'participant not found' };
			participant.isAdmin = true;
			req.core.changed(req.inst);
			return { setGroupAdmin: true };
		},
	},

	removeAdmin: {
		gate: 'authorized',
		handle: (req) => {
			const group = req.inst.groups.get(groupIdOf(req));
			const id = participantOf(req);
			const participant = group && member(group, id);
			if (!group || !isAdmin(req.inst, group) || !participant?.isAdmin || participant.isSuperAdmin) {
				return { removeAdmin: false };
			}
			participant.isAdmin = false;
			req.core.changed(req.inst);
			return { removeAdmin: true };
		},
	},

	setGroupPicture: {
		gate: 'authorized',
		handle: (req) => {
			const groupId = groupIdOf(req);
			const picture = pictureFrom(req);
			const group = req.inst.groups.get(groupId);
			if (!group || !isAdmin(req.inst, group)) {
				return { setGroupPicture: false, urlAvatar: '', reason: 'not a group admin' };
			}
			const file = req.core.files.put({ idInstance: req.inst.idInstance, ...picture });
			group.pictureUrl = file.url;
			req.core.changed(req.inst);
			return { setGroupPicture: true, urlAvatar: file.url, reason: null };
		},
	},

	leaveGroup: {
		gate: 'authorized',
		handle: (req) => {
			const group = req.inst.groups.get(groupIdOf(req));
			const self = group && member(group, req.inst.wid);
			if (!group || !self) return { leaveGroup: false };
			group.participants = group.participants.filter((p) => p !== self);
			req.core.changed(req.inst);
			// EN/RU docs: an admin leaving gets removeAdmin instead of leaveGroup.
			return self.isAdmin ? { removeAdmin: true } : { leaveGroup: true };
		},
	},
};
