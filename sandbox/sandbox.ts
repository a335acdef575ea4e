/** A running sandbox: the control operations plus its addresses and lifecycle. */
import { Control } from './control';
import { createControlHandler } from './controlRoutes';
import { SandboxCore } from './core';
import { HttpLayer } from './server';
import type { SandboxInstanceInfo } from './views';

export interface SandboxInfo {
	apiUrl: string;
	mediaUrl: string;
	partnerApiUrl: string;
	partnerToken: string;
	pageUrl: string;
	instances: SandboxInstanceInfo[];
	rateLimits: boolean;
}

export class Sandbox extends Control {
	private http?: HttpLayer;
	private closing?: Promise<void>;

	constructor(core: SandboxCore) {
		super(core);
	}

	/** Base URL of the API host: `${apiUrl}/waInstance{id}/{method}/{token}`. */
	get apiUrl(): string {
		return this.core.apiUrl;
	}

	/** Base URL of the media host (sendFileByUpload, uploadFile). */
	get mediaUrl(): string {
		return this.core.mediaUrl;
	}

	/** Base URL for `/partner/{method}/{partnerToken}` (same host as the API). */
	get partnerApiUrl(): string {
		return this.core.apiUrl;
	}

	get partnerToken(): string {
		return this.core.opts.partnerToken;
	}

	/** The web page showing the chats. */
	get pageUrl(): string {
		return `${this.core.apiUrl}/sandbox/`;
	}

	info(): SandboxInfo {
		return {
			apiUrl: this.apiUrl,
			mediaUrl: this.mediaUrl,
			partnerApiUrl: this.partnerApiUrl,
			partnerToken: this.partnerToken,
			pageUrl: this.pageUrl,
			instances: this.instances,
			rateLimits: this.rateLimitsEnabled,
		};
	}

	/** @internal Binds both ports; called by startSandbox. */
	async listen(): Promise<void> {
		this.http = new HttpLayer(
			this.core,
			createControlHandler(this.core, this, () => this.info()),
		);
		const { apiPort, mediaPort } = await this.http.listen();
		const host = this.core.opts.publicHost.includes(':') ? `[${this.core.opts.publicHost}]` : this.core.opts.publicHost;
		this.core.apiUrl = `http://${host}:${apiPort}`;
		this.core.mediaUrl = `http://${host}:${mediaPort}`;
	}

	/** Stops both servers, every timer, webhook delivery and waiting long polls. */
	close(): Promise<void> {
		this.closing ??= (async () => {
			this.core.close();
			await this.http?.close();
		})();
		return this.closing;
	}
}
