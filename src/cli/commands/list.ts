import type { ApplicationRef, EntityDefinition } from '../../types.js';
import type { CommandModule } from '../command.js';
import { applicationOptions, connect, type Context } from '../context.js';
import { APP_OPTIONS } from '../options.js';
import { suggestClosest } from '../../inputs/did-you-mean.js';

const KINDS = ['applications', 'pipelines', 'workflows'] as const;
type Kind = (typeof KINDS)[number];

/** Rows as aligned columns: the names first, so a misspelt one is easy to spot. */
function columns(rows: ReadonlyArray<readonly string[]>): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

function variablesCell(entity: EntityDefinition): string {
  if (entity.variables.length === 0) return '';
  return `variables: ${entity.variables.map((v) => `${v.name}${v.required && !v.fixed ? '*' : ''}`).join(', ')}`;
}

function kindOf(ctx: Context): Kind | undefined {
  const given = ctx.positionals[0] ?? '';
  const kind = KINDS.find((k) => k === given || k === `${given}s`);
  if (kind === undefined) {
    const suggestion = suggestClosest(given, KINDS);
    ctx.problems.push(
      `list takes applications, pipelines or workflows; got ${JSON.stringify(given)}.${suggestion === undefined ? '' : ` Did you mean ${suggestion}?`}`,
    );
  }
  return kind;
}

async function listEntities(ctx: Context, kind: 'pipelines' | 'workflows'): Promise<number> {
  const app = applicationOptions(ctx.values, ctx.problems);
  const api = connect(ctx);
  const application = app.applicationId !== undefined ? undefined : await api.findApplication(app.applicationName ?? '', { signal: ctx.signal });
  const options = { ...(application === undefined ? app : { applicationId: application.id }), signal: ctx.signal };
  const entities: EntityDefinition[] = [];
  for await (const entity of kind === 'pipelines' ? api.listPipelines(options) : api.listWorkflows(options)) entities.push(entity);
  entities.sort((a, b) => a.name.localeCompare(b.name));
  if (ctx.json) {
    const rows = entities.map((e) => ({ id: e.id, name: e.name, description: e.description, variables: e.variables }));
    ctx.out(JSON.stringify({ application: application ?? { id: app.applicationId ?? null }, [kind]: rows }));
  } else if (entities.length === 0) {
    ctx.out(`No ${kind} in ${application === undefined ? `application ${app.applicationId ?? ''}` : JSON.stringify(application.name)} that this key may read.`);
  } else {
    ctx.out(columns(entities.map((e) => [e.name, e.id, variablesCell(e)])).replace(/ +$/gmu, ''));
  }
  return 0;
}

export const list: CommandModule = {
  name: 'list',
  usage: 'list applications | pipelines --app NAME | workflows --app NAME [--json]',
  options: { ...APP_OPTIONS },
  positionals: ['what'],
  help: `List the applications the key may read, or an application's pipelines or workflows.

Usage:
  harness-exec list applications [--json]
  harness-exec list pipelines (--app NAME | --app-id ID) [--json]
  harness-exec list workflows (--app NAME | --app-id ID) [--json]

One line per entry, sorted by name: the name, the id and, for pipelines and workflows, the
variables they declare (* marks a required one). With --json: one object on stdout
({"applications": [...]}, or {"application": {...}, "pipelines": [...]} with each entry's
declared variables).

Examples:
  harness-exec list applications
  harness-exec list pipelines --app "Harness Demo"
  harness-exec list workflows --app "Harness Demo" --json
`,
  async run(ctx) {
    const kind = kindOf(ctx);
    if (kind === 'pipelines' || kind === 'workflows') return listEntities(ctx, kind);
    if (ctx.values.app !== undefined || ctx.values['app-id'] !== undefined) ctx.problems.push('list applications takes no --app or --app-id.');
    const api = connect(ctx);
    const applications: ApplicationRef[] = [];
    for await (const application of api.listApplications({ signal: ctx.signal })) applications.push(application);
    applications.sort((a, b) => a.name.localeCompare(b.name));
    if (ctx.json) ctx.out(JSON.stringify({ applications }));
    else if (applications.length === 0) ctx.out('No applications that this key may read.');
    else ctx.out(columns(applications.map((a) => [a.name, a.id])));
    return 0;
  },
};
