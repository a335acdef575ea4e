import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

/** Passes n8n's own errors through unchanged and wraps anything else. */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
