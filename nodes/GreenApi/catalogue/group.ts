import type { MethodEntry } from './types';
import { binaryFile, chat, list, normalizeChatId, text } from '../fields';

const groupId = () => chat({ kind: 'group' });

const participant = (description: string) =>
	chat({
		kind: 'person',
		name: 'participantChatId',
		displayName: 'Participant',
		description: `${description}: a phone number with country code (any format) or a personal chat ID (@c.us or @lid)`,
	});

// WhatsApp's limit for group names; only documented for Create Group, applied to renames too.
const groupName = (description: string) => text({ name: 'groupName', displayName: 'Group Name', description, required: true, max: 100 });

export const groupEntries: MethodEntry[] = [
	{
		resource: 'group',
		operation: 'createGroup',
		method: 'createGroup',
		rateLimitRps: 1,
		name: 'Create',
		action: 'Create a group',
		description:
			'Create a WhatsApp group with this account as admin and the given people as members (GREEN-API advises at most one new group every 5 minutes). Returns created, chatId (the new group ID) and groupInviteLink.',
		verb: 'POST',
		host: 'api',
		fields: [
			groupName('Name of the new group (at most 100 characters)'),
			list({
				name: 'chatIds',
				displayName: 'Participants',
				description: 'First members: phone numbers with country code or personal chat IDs, one per line or separated by commas',
				required: true,
				item: (value) => normalizeChatId(value, 'person'),
			}),
		],
	},
	{
		resource: 'group',
		operation: 'updateGroupName',
		method: 'updateGroupName',
		rateLimitRps: 1,
		name: 'Rename',
		action: 'Rename a group',
		description: 'Change the name of a group; members see who changed it. Returns updateGroupName: true on success.',
		verb: 'POST',
		host: 'api',
		fields: [groupId(), groupName('New name of the group (at most 100 characters)')],
	},
	{
		resource: 'group',
		operation: 'getGroupData',
		method: 'getGroupData',
		rateLimitRps: 1,
		name: 'Get',
		action: 'Get a group',
		description:
			'Get a group: subject (name), owner, creation time, participants with their admin flags and groupInviteLink. The invite link is empty unless this account is a group admin.',
		verb: 'POST',
		host: 'api',
		safeToRetry: true,
		fields: [groupId()],
	},
	{
		resource: 'group',
		operation: 'addGroupParticipant',
		method: 'addGroupParticipant',
		rateLimitRps: 10,
		name: 'Add Participant',
		action: 'Add a participant to a group',
		description:
			"Add a person to a group; this account must be a group admin. Returns addParticipant, false when WhatsApp refused (not an admin, already a member, or the person's privacy settings).",
		verb: 'POST',
		host: 'api',
		fields: [groupId(), participant('Person to add')],
	},
	{
		resource: 'group',
		operation: 'removeGroupParticipant',
		method: 'removeGroupParticipant',
		rateLimitRps: 10,
		name: 'Remove Participant',
		action: 'Remove a participant from a group',
		description:
			'Remove a person from a group; this account must be a group admin. This removes their access to the group and its new messages at once, and adding them back can fail because of their privacy settings. Returns removeParticipant: true on success.',
		verb: 'POST',
		host: 'api',
		destructive: true,
		fields: [groupId(), participant('Person to remove')],
	},
	{
		resource: 'group',
		operation: 'setGroupAdmin',
		method: 'setGroupAdmin',
		rateLimitRps: 10,
		name: 'Make Admin',
		action: 'Make a participant a group admin',
		description:
			'Give a group member admin rights; this account must be a group admin. Returns setGroupAdmin; also check the response for an error key, as failures can come back with a success status.',
		verb: 'POST',
		host: 'api',
		fields: [groupId(), participant('Member to make admin')],
	},
	{
		resource: 'group',
		operation: 'removeAdmin',
		method: 'removeAdmin',
		rateLimitRps: 10,
		name: 'Remove Admin',
		action: 'Remove admin rights from a participant',
		description:
			'Take admin rights away from a group member, who stays in the group; this account must be a group admin. Returns removeAdmin: true on success.',
		verb: 'POST',
		host: 'api',
		fields: [groupId(), participant('Admin to demote')],
	},
	{
		resource: 'group',
		operation: 'setGroupPicture',
		method: 'setGroupPicture',
		rateLimitRps: 1,
		name: 'Set Picture',
		action: 'Set the picture of a group',
		description:
			'Replace the picture of a group with an image from the input binary data (JPEG). Returns setGroupPicture, urlAvatar and reason, which says why it failed.',
		verb: 'POST',
		host: 'api',
		encoding: 'multipart',
		fields: [groupId(), binaryFile('Name of the input binary field that holds the picture (JPEG)')],
	},
	{
		resource: 'group',
		operation: 'leaveGroup',
		method: 'leaveGroup',
		rateLimitRps: 10,
		name: 'Leave',
		action: 'Leave a group',
		description:
			"Make this account leave a group. It leaves at once, stops receiving the group's messages and loses its admin rights; it can only come back if an admin adds it or through an invite link. Returns leaveGroup: true (or removeAdmin: true when the account was an admin).",
		verb: 'POST',
		host: 'api',
		destructive: true,
		fields: [groupId()],
	},
];
