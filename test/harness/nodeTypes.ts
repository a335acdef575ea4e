import {
	NodeConnectionTypes,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type ITriggerFunctions,
	type IVersionedNodeType,
} from 'n8n-workflow';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const SOURCE_TYPE = 'harness.source';

/**
 * Without a mimeType, n8n guesses it from the fileName's extension, else sniffs the content with
 * the ESM-only `file-type`, whose dynamic import jest refuses unless run with
 * `--experimental-vm-modules`.
 */
export interface InputFile {
	/** The bytes, or a readable stream (e.g. from a large file on disk) that is stored as it is read. */
	data: Buffer | NodeJS.ReadableStream;
	fileName?: string;
	mimeType?: string;
}

export interface InputItem {
	json: IDataObject;
	binary?: Record<string, InputFile>;
}

export class TestNodeTypes implements INodeTypes {
	private readonly types: Map<string, INodeType | IVersionedNodeType>;

	constructor(types: Record<string, INodeType | IVersionedNodeType>) {
		this.types = new Map(Object.entries(types));
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new Error(`Unknown node type "${nodeType}"`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const type = this.getByName(nodeType);
		return 'nodeVersions' in type ? type.getNodeType(version) : type;
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.types.keys()].map((name) => [name, { className: name }]));
	}
}

/** Behaves like n8n's Manual Trigger: in a manual run it emits one empty item. */
export const manualTrigger: INodeType = {
	description: {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async trigger(this: ITriggerFunctions) {
		return {
			manualTriggerFunction: async () => this.emit([this.helpers.returnJsonArray([{}])]),
		};
	},
};

/**
 * Emits the test's input items. Files go through the real `prepareBinaryData`, so the next node
 * gets them as the binary data mode stores them (inline base64, or an id into the file store).
 */
export function sourceNode(input: InputItem[]): INodeType {
	return {
		description: {
			displayName: 'Input',
			name: 'source',
			group: ['transform'],
			version: 1,
			description: 'Emits the test input',
			defaults: { name: 'Input' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const store = async ([key, file]: [string, InputFile]): Promise<[string, IBinaryData]> => {
				try {
					return [
						key,
						await this.helpers.prepareBinaryData(
							file.data as Parameters<typeof this.helpers.prepareBinaryData>[0],
							file.fileName,
							file.mimeType,
						),
					];
				} catch (error) {
					if (!String(error).includes('--experimental-vm-modules')) throw error;
					throw new Error(`Input file "${key}": give it a mimeType or a fileName with a known extension`);
				}
			};
			const items = await Promise.all(
				input.map(async ({ json, binary }) => ({
					json,
					...(binary && {
						binary: Object.fromEntries(await Promise.all(Object.entries(binary).map(store))),
					}),
					pairedItem: { item: 0 },
				})),
			);
			return [items];
		},
	};
}
