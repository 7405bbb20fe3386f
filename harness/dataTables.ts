/**
 * n8n's data tables over the editor's REST routes (the same on 1.123.81 and 2.40.7): a table is created in
 * the owner's personal project with `POST /rest/projects/:projectId/data-tables {name, columns}`, and its
 * rows read with `GET …/data-tables/:id/rows?skip=&take=` (answer `{count, data}`). The demo and the e2e
 * suite create the lifecycle tables this way before loading the workflows that use them.
 */
import type { N8nHandle } from './n8n';

export interface DataTableDefinition {
	name: string;
	columns: ReadonlyArray<{ name: string; type: 'string' | 'number' | 'boolean' | 'date' }>;
}

export type DataTableRow = Record<string, unknown> & { id: number };

/** The id of the owner's personal project, where the editor creates data tables. */
export async function personalProjectId(handle: N8nHandle): Promise<string> {
	const answer = await handle.rest<{ data: { id: string } }>('GET', '/rest/projects/personal');
	if (answer.status !== 200 || typeof answer.body?.data?.id !== 'string') {
		throw new Error(`GET /rest/projects/personal answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
	}
	return answer.body.data.id;
}

/** Creates each table as the editor does; answers the id n8n gave each, by table name. */
export async function createDataTables(handle: N8nHandle, projectId: string, tables: readonly DataTableDefinition[]): Promise<Record<string, string>> {
	const ids: Record<string, string> = {};
	for (const table of tables) {
		const answer = await handle.rest<{ data: { id: string } }>('POST', `/rest/projects/${projectId}/data-tables`, { name: table.name, columns: table.columns });
		if (answer.status !== 200 || typeof answer.body?.data?.id !== 'string') {
			throw new Error(`creating data table ${table.name} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 1000)}`);
		}
		ids[table.name] = answer.body.data.id;
	}
	return ids;
}

/** Every row of a table, oldest first (paged as the editor pages). */
export async function dataTableRows(handle: N8nHandle, projectId: string, tableId: string): Promise<DataTableRow[]> {
	const rows: DataTableRow[] = [];
	const take = 100;
	for (;;) {
		const path = `/rest/projects/${projectId}/data-tables/${tableId}/rows?skip=${rows.length}&take=${take}&sortBy=${encodeURIComponent('id:asc')}`;
		const answer = await handle.rest<{ data: { count: number; data: DataTableRow[] } }>('GET', path);
		if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
		rows.push(...answer.body.data.data);
		if (answer.body.data.data.length === 0 || rows.length >= answer.body.data.count) return rows;
	}
}

/** Appends rows as the editor's "add rows" does (POST …/data-tables/:id/insert), 500 to a request. */
export async function insertDataTableRows(handle: N8nHandle, projectId: string, tableId: string, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
	for (let start = 0; start < rows.length; start += 500) {
		const path = `/rest/projects/${projectId}/data-tables/${tableId}/insert`;
		const answer = await handle.rest('POST', path, { data: rows.slice(start, start + 500), returnType: 'count' });
		if (answer.status !== 200) throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 1000)}`);
	}
}

/** Deletes a table with its rows, as the editor's "Delete" does. */
export async function deleteDataTable(handle: N8nHandle, projectId: string, tableId: string): Promise<void> {
	const path = `/rest/projects/${projectId}/data-tables/${tableId}`;
	const answer = await handle.rest('DELETE', path);
	if (answer.status !== 200) throw new Error(`DELETE ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
}

export interface DataTableSizes {
	/** Every data table together, as n8n measures it against N8N_DATA_TABLES_MAX_SIZE_BYTES. */
	totalBytes: number;
	/** n8n's own verdict: ok, warn (past the warning threshold), error (at the cap). */
	quotaStatus: string;
	/** Bytes per table id. */
	byTable: Record<string, number>;
}

/**
 * The sizes n8n measures for its data-table cap (GET /rest/data-tables-global/limits; SQLite: the pages of
 * each table's b-tree, PostgreSQL: pg_total_relation_size). n8n caches the figure for up to 5 s, and
 * forgets it after every write.
 */
export async function dataTableSizes(handle: N8nHandle): Promise<DataTableSizes> {
	const answer = await handle.rest<{ data: { totalBytes: number; quotaStatus: string; dataTables: Record<string, { sizeBytes: number }> } }>('GET', '/rest/data-tables-global/limits');
	if (answer.status !== 200) throw new Error(`GET /rest/data-tables-global/limits answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
	const { totalBytes, quotaStatus, dataTables } = answer.body.data;
	return { totalBytes, quotaStatus, byTable: Object.fromEntries(Object.entries(dataTables).map(([id, table]) => [id, table.sizeBytes])) };
}
