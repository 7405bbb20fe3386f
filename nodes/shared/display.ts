import type { IDataObject, IDisplayOptions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/**
 * Shows each property only for the given resource/operation, merging with any display options the
 * property already has. (n8n-workflow 2.x exports the same helper; n8n 1.x's may not, so we keep ours.)
 */
export function showOnlyFor(displayOptions: IDisplayOptions, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...displayOptions.show, ...property.displayOptions?.show },
		},
	}));
}

/** Our plain result objects as n8n item JSON (interfaces lack IDataObject's index signature). */
export function toItems(values: object[]): INodeExecutionData[] {
	return values.map((value) => ({ json: value as IDataObject }));
}
