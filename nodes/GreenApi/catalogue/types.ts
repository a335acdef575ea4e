import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ApiCall } from '../transport/types';

export type HttpVerb = 'GET' | 'POST' | 'DELETE';

/** WS: GREEN-API's websocket (scanqrcode), not an HTTP request. */
export type Verb = HttpVerb | 'WS';

/** api = the instance's apiUrl, media = its mediaUrl, partner = the partner API URL. */
export type Host = 'api' | 'media' | 'partner';

/**
 * Where a field's value goes. `key` may be dotted (`contact.phoneContact`) to build nested JSON.
 * `path` appends a segment after the token; `file` is an n8n binary property sent as the
 * multipart part `file` or, for raw uploads, as the whole body.
 */
export type Placement = { in: 'body' | 'query' | 'header'; key: string } | { in: 'path' } | { in: 'file' };

export interface Field {
	/** The n8n parameter; the catalogue adds displayOptions. */
	property: INodeProperties;
	/**
	 * The parameter as earlier node versions showed it, when a later version changed its shape
	 * or default (chat fields became resource locators in 1.1): each shape holds for the versions
	 * before `until`, oldest first; `property` holds from the last `until` on. `toApi` accepts the
	 * values of every shape, as saved workflows keep theirs.
	 */
	earlier?: Array<{ until: number; property: INodeProperties }>;
	placement: Placement;
	/** Whether an empty value is refused. */
	required: boolean;
	/** Shown on the node (and always sent) rather than in the Options collection. Default: required. */
	onNode: boolean;
	/** Checks and converts the value from the UI; `undefined` leaves the key out. Throws FieldError. */
	toApi: (value: unknown) => unknown;
}

export type ResourceName =
	| 'chat'
	| 'contact'
	| 'file'
	| 'group'
	| 'instance'
	| 'journal'
	| 'message'
	| 'notification'
	| 'partner'
	| 'queue'
	| 'status';

/** A resource in the node's Resource list. */
export interface ResourceOption {
	value: ResourceName;
	/** The operation value a new node of this resource starts with. */
	defaultOperation: string;
	name: string;
	description: string;
}

/** How the response becomes n8n items. */
export type Output =
	| { kind: 'object' }
	| {
			/** An array becomes one item per entry, with Return All / Limit. */
			kind: 'list';
			/** API parameter that already limits the answer server-side (sent as the limit). */
			limitParam?: { in: 'body' | 'query'; key: string };
	  }
	| {
			/** The answer points at a file (a URL or base64 data) that can become binary data. */
			kind: 'file';
			source: 'url' | 'base64';
			key: string;
			downloadByDefault: boolean;
			/** Label of the switch that turns the conversion on or off, e.g. 'Download File'. */
			switchName: string;
			fileName: string;
			mimeType?: string;
			/** Whether this answer carries the file. Default: any answer with a non-empty string at `key`. */
			carriesFile?: (answer: IDataObject) => boolean;
	  };

export interface MethodEntry {
	resource: ResourceName;
	/**
	 * The n8n operation value, which saved workflows hold: our own name, never changed once
	 * released. It started out equal to the GREEN-API method name; if GREEN-API renames a method,
	 * only `method` changes.
	 */
	operation: string;
	/** The GREEN-API method name, as used in the URL. */
	method: string;
	/**
	 * GREEN-API's documented limit for this method, in requests per second per instance
	 * (`rateLimitRps` in methods.json); null where GREEN-API documents none. Parallel Requests
	 * paces to it.
	 */
	rateLimitRps: number | null;
	/** Title Case label in the operation list. */
	name: string;
	/** Sentence-case action shown in the node list, e.g. 'Send a text message'. */
	action: string;
	/** What the operation does, written so a user or an AI agent can pick it. */
	description: string;
	verb: Verb;
	host: Host;
	fields: Field[];
	/** How the body is encoded when the entry has body fields or a file. Default json. */
	encoding?: 'json' | 'multipart' | 'raw';
	output?: Output;
	/** Archived/deprecated by GREEN-API: still callable, labelled as such. */
	deprecated?: boolean;
	/** Changes or removes something that cannot be undone from n8n. */
	destructive?: boolean;
	/** Reads or idempotent calls: safe to retry after a server or network error. */
	safeToRetry?: boolean;
	/**
	 * From node version 1.1, the optional fields sit in this collection instead of Options, which
	 * then keeps only how the call is made (Set Settings: "Settings" and "Options").
	 */
	optionalCollection?: { name: string; displayName: string; placeholder: string; notice: string };
	/** A rule across fields GREEN-API would refuse; returns what is wrong, checked before sending. */
	check?: (request: { body: IDataObject; query: IDataObject }) => string | undefined;
	/**
	 * This operation's own change to the request its fields built, made after `check` (e.g. a
	 * default taken from the uploaded file). Returns the request to send.
	 */
	prepare?: (call: ApiCall) => ApiCall;
	/**
	 * For an operation that is more than one request (Send and Wait, the QR websocket): runs it
	 * instead of the per-item request loop, and `properties` replace the generated output and
	 * Options parameters.
	 */
	run?: (ctx: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
	properties?: INodeProperties[];
	/** The GREEN-API methods a `run` operation calls when its own name is not one (sendAndWait). */
	uses?: string[];
	/** The one item an empty answer (null or no body) becomes. Default: `{ success: true }`, none for null. */
	emptyAnswer?: IDataObject;
	/**
	 * Reads an HTTP-200 answer that can still be a refusal or need explaining: returns the item's
	 * JSON, or a Refusal that fails the item with GREEN-API's text.
	 */
	readAnswer?: (answer: IDataObject) => IDataObject | Refusal;
}

/** An HTTP-200 answer that means GREEN-API did not do what was asked. */
export interface Refusal {
	refused: true;
	message: string;
	description: string;
	greenApiMessage?: string;
}
