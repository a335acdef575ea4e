import {
	ICredentialsHelper,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type Workflow,
} from 'n8n-workflow';

export type TestCredentials = Record<string, ICredentialDataDecryptedObject>;

/**
 * Hands out the credentials given to the run, keyed by credential type, and authenticates
 * requests the way n8n does: a function `authenticate` is called as is, the generic form has its
 * `={{$credentials.x}}` expressions resolved and merged into headers/qs/body/auth.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	private readonly types: Map<string, ICredentialType>;

	constructor(
		credentialTypes: ICredentialType[],
		private readonly credentials: TestCredentials,
	) {
		super();
		this.types = new Map(credentialTypes.map((type) => [type.name, type]));
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		return type.supportedNodes?.includes(nodeType) ?? false;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.types.get(typeName);
		if (!type) throw new Error(`Unknown credential type "${typeName}": pass it in credentialTypes`);
		const options = requestOptions as IHttpRequestOptions;
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, options);
		}
		if (type.authenticate === undefined) return options;
		if (!workflow || !node) throw new Error(`Generic authentication of "${typeName}" needs a node`);

		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=')
				? String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '')
				: value;
		const bags = options as unknown as Record<string, IDataObject | undefined>;
		for (const [bag, entries] of Object.entries(type.authenticate.properties)) {
			const resolved: IDataObject = { ...bags[bag] };
			for (const [key, value] of Object.entries(entries as IDataObject)) {
				resolved[String(resolve(key))] = resolve(value) as IDataObject[string];
			}
			bags[bag] = resolved;
		}
		return options;
	}

	// No credential of this package refreshes a token before requests.
	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('Encrypted credentials are not available in tests; use getDecrypted');
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, typeName: string): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[typeName];
		if (!data) throw new Error(`The test gave no credentials of type "${typeName}"`);
		const defaults = Object.fromEntries(this.getCredentialsProperties(typeName).map((property) => [property.name, property.default]));
		// A copy, as n8n decrypts afresh for every use: a node mutating it must not affect later calls.
		return structuredClone({ ...defaults, ...data }) as ICredentialDataDecryptedObject;
	}

	// Nothing to persist: tests hand in fresh credentials for every run.
	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(typeName: string): INodeProperties[] {
		const parents = this.getParentTypes(typeName).map((name) => this.types.get(name));
		return [...parents, this.types.get(typeName)].flatMap((type) => type?.properties ?? []);
	}
}
