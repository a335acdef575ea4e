/** What a method handler receives and returns. */
import type { IncomingHttpHeaders } from 'node:http';
import type { ContractMethod } from '../contract';
import type { SandboxCore } from '../core';
import type { MultipartFile } from '../multipart';
import type { Instance } from '../state';
import type { Body } from '../validate';

export interface MethodRequest {
	core: SandboxCore;
	inst: Instance;
	spec: ContractMethod;
	/** JSON body, or the form fields of a multipart body. */
	body: Body;
	/** Query parameters the contract lists, parsed to their types. */
	query: Body;
	files: MultipartFile[];
	/** uploadFile: the raw request body. */
	raw?: { data: Buffer; contentType: string };
	headers: IncomingHttpHeaders;
	/** Size of the request body in bytes. */
	bodySize: number;
	extraPath: string[];
	/** Fires when the client goes away (long polls stop waiting). */
	signal: AbortSignal;
}

/** Answer 200 with an empty body (deleteMessage, archiveChat, unarchiveChat, deleteStatus). */
export const EMPTY = Symbol('empty body');

export type MethodResult = unknown;

/**
 * When the instance must be in a given state:
 * - any: always answers (account, queue and notification methods);
 * - running: 400 "instance in starting process try later" while starting;
 * - authorized: additionally 400 "instance account not authorized" unless authorized/yellowCard.
 */
export type Gate = 'any' | 'running' | 'authorized';

export interface MethodHandler {
	gate: Gate;
	/** Fields the generic contract check must leave to the handler. */
	skipFields?: string[];
	/** Archived methods the vendor switched off: always 403. */
	disabled?: boolean;
	/** Text of the not-authorized 400 when the method documents its own. */
	notAuthorizedText?: string;
	/** Status methods: 403 unless the instance has them enabled. */
	beta?: boolean;
	handle(req: MethodRequest): MethodResult | Promise<MethodResult>;
}

export type HandlerTable = Record<string, MethodHandler>;
