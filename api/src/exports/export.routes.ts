import { DEFAULT_TWO_FACTOR_POLICY, type TwoFactorPolicy } from '../two-factor/two-factor.config.js';
import { isResearcherOf } from '../auth/access.js';
import type ExcelJS from 'exceljs';
import express, { type Request, type Response as HttpResponse } from 'express';
import { pipeline } from 'node:stream/promises';
import type { ServerResponse } from 'node:http';
import { AuthService } from '../accounts/auth.service.js';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { credentialsOf } from '../auth/http-auth.js';
import type { Viewer } from '../auth/viewer.js';
import {
  ApiError,
  ErrorCode,
  ForbiddenError,
  httpErrorOf,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Orm, Em } from '../db/orm.js';
import { InstrumentVersion } from '../instruments/instrument-version.entity.js';
import type { Logger } from '../logger.js';
import { Project } from '../projects/project.entity.js';
import { Round } from '../rounds/round.entity.js';
import {
  codebookJson,
  codebookLine,
  codebookRows,
  CODEBOOK_COLUMNS,
  CONSTRUCT_COLUMNS,
  constructJson,
  constructRows,
  ROUND_COLUMNS,
  roundJson,
  roundRows,
  rScript,
  spssSyntax,
} from './export.formats.js';
import { ALL_ROLES, planVariables, RESPONSE_COLUMNS, type Variable } from './export.plan.js';
import {
  LONG_COLUMNS,
  scoreColumns,
  wideRowPages,
  type Cell,
  type ExportFilter,
  type ExportRound,
} from './export.rows.js';
import { csvLine } from './export.sql.js';
import { csvRows, scoreRows } from './export.copy.js';
import { streamNative } from './export.dimensions.js';
import { dtaFile } from './dta.js';
import { savFile } from './sav.js';
import { ItemType, type Construct, type RespondentRole } from '../instruments/definition.types.js';
import { createHash } from 'node:crypto';
import { assertDataNotDeleted } from '../retention/retention.guard.js';

export const EXPORT_FILES = [
  'data-wide.csv',
  'data-long.csv',
  'data.xlsx',
  'scores.csv',
  'codebook.csv',
  'codebook.json',
  'read-data.R',
  'read-data.sps',
  'data.sav',
  'data.dta',
  'data-spss.csv',
] as const;
type ExportFile = (typeof EXPORT_FILES)[number];

interface Plan {
  project: Project;
  rounds: RoundInfo[];
  variables: Variable[];
  constructs: Construct[];
  filter: ExportFilter;
  /** A short id of what the export holds (project, rounds, filters): the same selection gives the same id any day. */
  exportId: string;
  /** The start of every file name, e.g. verdi_bergen_3f9a01c2: a script names the data file of its own selection. */
  stem: string;
}

async function viewerOf(em: Em, req: Request, twoFactor: TwoFactorPolicy): Promise<Viewer> {
  // With the app's two-factor policy, so that an admin still held to setting it up gets no more here than in GraphQL.
  const viewer = await new AuthService(em, { twoFactor }).viewerFor(credentialsOf(req));
  if (viewer) return viewer;
  throw new UnauthenticatedError('Sign in, or send a personal API token as "Authorization: Bearer …"');
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One query parameter as text, or null when it is absent or empty; given twice, it is refused. */
function parameter(req: Request, name: string): string | null {
  const value = req.query[name];
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new ValidationError(`Give ${name} once, as one comma-separated value`);
  return value;
}

function dayParameter(req: Request, name: 'from' | 'to'): string | null {
  const value = parameter(req, name);
  if (value === null) return null;
  const date = new Date(`${value}T00:00:00Z`);
  if (!DAY.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new ValidationError(`${name}=${value} is not a date; give it as YYYY-MM-DD, e.g. 2026-01-31`);
  }
  return value;
}

/** The filters of a download from its query: ?roles=SERVICE_USER,CONSULTANT&from=2026-01-01&to=2026-06-30. */
export function filterOf(req: Request): ExportFilter {
  const rolesText = parameter(req, 'roles');
  const roles = rolesText === null ? null : rolesText.split(',').map((r) => r.trim());
  const unknown = roles?.filter((r) => !ALL_ROLES.includes(r as RespondentRole)) ?? [];
  if (unknown.length > 0) {
    throw new ValidationError(
      `Not a respondent role: ${unknown.map((r) => `"${r}"`).join(', ')}; choose from ${ALL_ROLES.join(', ')}`,
    );
  }
  const from = dayParameter(req, 'from');
  const to = dayParameter(req, 'to');
  if (from && to && from > to) throw new ValidationError(`from=${from} is after to=${to}`);
  return { roles: roles ? ([...new Set(roles)] as RespondentRole[]) : null, from, to };
}

interface RoundInfo extends ExportRound {
  opensAt: Date;
  closesAt: Date | null;
  instrumentVersion: number;
  instrumentVersionId: string;
}

async function planFor(
  em: Em,
  viewer: Viewer,
  projectId: string,
  roundIds: string[] | null,
  filter: ExportFilter,
): Promise<Plan> {
  if (!isResearcherOf(viewer, projectId))
    throw new ForbiddenError('Only researchers of the project can export its data');
  const project = await em.findOne(Project, { id: projectId });
  if (!project) throw new NotFoundError('Project', projectId);
  await assertDataNotDeleted(em, project.id);
  // Rounds in the order they opened: the order of rows in every file and of the round factor.
  const rounds = await em.find(Round, { project }, { orderBy: { opensAt: 'asc', id: 'asc' } });
  const chosen = roundIds ? rounds.filter((w) => roundIds.includes(w.id)) : rounds;
  const unknown = roundIds?.filter((id) => !rounds.some((w) => w.id === id)) ?? [];
  if (unknown.length > 0) throw new ValidationError(`Not rounds of ${project.name}: ${unknown.join(', ')}`);
  if (chosen.length === 0) throw new ValidationError(`${project.name} has no rounds to export`);
  const versions = await em.find(
    InstrumentVersion,
    { id: { $in: chosen.map((w) => w.instrumentVersion.id) } },
    { orderBy: { number: 'asc' } },
  );
  const definitions = versions.map((v) => v.definition);
  const constructs = new Map<string, Construct>();
  for (const construct of definitions.flatMap((d) => d.constructs)) constructs.set(construct.key, construct);
  const selection = [
    project.id,
    chosen
      .map((w) => w.id)
      .sort()
      .join(','),
    [...(filter.roles ?? [])].sort().join(','),
    filter.from ?? '',
    filter.to ?? '',
  ].join('|');
  const exportId = createHash('sha256').update(selection).digest('hex').slice(0, 8);
  return {
    project,
    rounds: chosen.map((w) => {
      const version = versions.find((v) => v.id === w.instrumentVersion.id)!;
      return {
        id: w.id,
        label: w.label,
        linkage: w.linkage,
        definition: version.definition,
        opensAt: w.opensAt,
        closesAt: w.closesAt ?? null,
        instrumentVersion: version.number,
        instrumentVersionId: version.id,
      };
    }),
    variables: planVariables(definitions),
    constructs: [...constructs.values()],
    filter,
    exportId,
    stem: `verdi_${project.slug}_${exportId}`,
  };
}

/**
 * Writes a chunk, waiting while the client's socket is full; gives up when the client has gone. The wait removes both
 * of its listeners whichever event comes, so that a long export on a slow connection leaves none behind.
 */
export async function send(res: ServerResponse, chunk: string): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  if (res.destroyed) throw new Error('the client closed the connection');
}

/**
 * A CSV file: its header, then its rows as they come, piped to the client. The pipeline writes no faster than the
 * client reads, and when the client goes away it stops the rows (and with them the database's work) and rejects.
 */
export async function streamCsv(
  res: ServerResponse,
  header: readonly string[],
  rows: AsyncIterable<string | Buffer> | Iterable<string>,
): Promise<void> {
  await pipeline(async function* () {
    yield csvLine(header);
    yield* rows;
  }, res);
}

/** A cell of the XLSX: null stays an empty cell (no empty text), a YYYY-MM-DD text becomes a date. */
function xlsxRow(cells: readonly (Cell | null)[], dateColumns: ReadonlySet<number>): (Cell | Date | null)[] {
  return cells.map((cell, index) =>
    dateColumns.has(index) && typeof cell === 'string' && DAY.test(cell)
      ? new Date(`${cell}T00:00:00Z`)
      : cell,
  );
}

function addSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): void {
  const sheet = workbook.addWorksheet(name);
  sheet.addRow([...header]).commit();
  for (const row of rows) sheet.addRow(row.map((cell) => (cell === '' ? null : cell))).commit();
  sheet.commit();
}

async function streamXlsx(res: HttpResponse, plan: Plan, em: Em): Promise<void> {
  // Loaded when a workbook is asked for: the library alone adds about 35 MiB to an idle server's memory.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({
    stream: res,
    useSharedStrings: false,
    // Styles carry the date format of the submitted_on cells.
    useStyles: true,
  });
  const data = workbook.addWorksheet('data');
  // Date items are dates in the workbook too; a date not shown stays the text -8.
  const dates = new Set([
    RESPONSE_COLUMNS.indexOf('submitted_on'),
    ...plan.variables.flatMap((v, i) => (v.type === ItemType.DATE ? [RESPONSE_COLUMNS.length + i] : [])),
  ]);
  for (const column of dates) data.getColumn(column + 1).numFmt = 'yyyy-mm-dd';
  data.addRow([...RESPONSE_COLUMNS, ...plan.variables.map((v) => v.name)]).commit();
  for await (const rows of wideRowPages(em, plan.rounds, plan.variables, { filter: plan.filter })) {
    for (const row of rows) data.addRow(xlsxRow(row, dates)).commit();
  }
  data.commit();
  addSheet(workbook, 'codebook', CODEBOOK_COLUMNS, codebookRows(plan.variables));
  addSheet(workbook, 'rounds', ROUND_COLUMNS, roundRows(plan.rounds));
  addSheet(workbook, 'constructs', CONSTRUCT_COLUMNS, constructRows(plan.constructs, plan.variables));
  await workbook.commit();
}

const CONTENT_TYPES: Record<ExportFile, string> = {
  'data-wide.csv': 'text/csv; charset=utf-8',
  'data-long.csv': 'text/csv; charset=utf-8',
  'data.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'scores.csv': 'text/csv; charset=utf-8',
  'data-spss.csv': 'text/csv; charset=utf-8',
  'codebook.csv': 'text/csv; charset=utf-8',
  'codebook.json': 'application/json; charset=utf-8',
  'read-data.R': 'text/plain; charset=utf-8',
  'read-data.sps': 'text/plain; charset=utf-8',
  'data.sav': 'application/x-spss-sav',
  'data.dta': 'application/x-stata-dta',
};

/**
 * Research data downloads: GET /exports/<projectId>/<file>?rounds=<id>,<id>. Data files stream from PostgreSQL page
 * by page, so memory stays flat however large the project; every download is written to the audit log first.
 */
export function exportRouter(
  orm: Orm,
  log: Logger,
  twoFactor: TwoFactorPolicy = DEFAULT_TWO_FACTOR_POLICY,
): express.Router {
  const router = express.Router();
  router.get('/:projectId/:file', async (req, res) => {
    const file = req.params.file as ExportFile;
    const em = orm.em.fork();
    try {
      if (!EXPORT_FILES.includes(file))
        throw new ApiError(ErrorCode.NOT_FOUND, `No such export; choose one of ${EXPORT_FILES.join(', ')}`);
      // The one outcome for a malformed id, as over GraphQL (the UUID scalar): refused before anything else is read.
      if (!isUuid(req.params.projectId)) throw ValidationError.forFields({ projectId: 'is not a UUID' });
      const viewer = await viewerOf(em, req, twoFactor);
      const roundIds = parameter(req, 'rounds')?.split(',') ?? null;
      const filter = filterOf(req);
      const plan = await planFor(em, viewer, req.params.projectId, roundIds, filter);
      new AuditService(em).record({
        action: AuditAction.EXPORT_DOWNLOADED,
        actorId: viewer.userId,
        subjectType: 'Project',
        subjectId: plan.project.id,
        projectId: plan.project.id,
        details: {
          file,
          rounds: plan.rounds.map((r) => r.label),
          via: viewer.via,
          exportId: plan.exportId,
          ...(plan.filter.roles ? { roles: plan.filter.roles } : {}),
          ...(plan.filter.from ? { from: plan.filter.from } : {}),
          ...(plan.filter.to ? { to: plan.filter.to } : {}),
        },
      });
      await em.flush();

      const filename = `${plan.stem}_${file}`;
      res.setHeader('Content-Type', CONTENT_TYPES[file]);
      res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
      res.setHeader('Cache-Control', 'no-store');
      const title = `${plan.project.name}: ${plan.rounds.map((r) => r.label).join(', ')}`;
      const files = {
        wide: `${plan.stem}_data-wide.csv`,
        spss: `${plan.stem}_data-spss.csv`,
        // Not `_data.sav`, the native file of the same export, which the syntax would overwrite.
        sav: `${plan.stem}_read-data.sav`,
      };
      const options = { filter: plan.filter };
      const wideHeader = [...RESPONSE_COLUMNS, ...plan.variables.map((v) => v.name)];
      switch (file) {
        case 'data-wide.csv':
          return await streamCsv(res, wideHeader, csvRows(em, plan.rounds, plan.variables, 'wide', options));
        case 'data-spss.csv':
          return await streamCsv(res, wideHeader, csvRows(em, plan.rounds, plan.variables, 'spss', options));
        case 'data-long.csv':
          return await streamCsv(
            res,
            LONG_COLUMNS,
            csvRows(em, plan.rounds, plan.variables, 'long', options),
          );
        case 'scores.csv': {
          const keys = plan.constructs.map((c) => c.key);
          return await streamCsv(
            res,
            [...RESPONSE_COLUMNS, ...scoreColumns(keys)],
            scoreRows(em, plan.rounds, keys, options),
          );
        }
        case 'data.xlsx':
          return await streamXlsx(res, plan, em);
        case 'codebook.csv':
          return await streamCsv(res, CODEBOOK_COLUMNS, codebookRows(plan.variables).map(codebookLine));
        case 'codebook.json':
          res.send(
            codebookJson(plan.variables, {
              project: plan.project.name,
              exportId: plan.exportId,
              filter: {
                roles: plan.filter.roles ?? null,
                from: plan.filter.from ?? null,
                to: plan.filter.to ?? null,
              },
              rounds: plan.rounds.map(roundJson),
              dataFile: files.wide,
              constructs: constructJson(plan.constructs),
            }),
          );
          return;
        case 'read-data.R':
          res.send(
            rScript(
              plan.variables,
              files.wide,
              title,
              plan.rounds.map((r) => r.label),
            ),
          );
          return;
        case 'read-data.sps':
          res.send(
            spssSyntax(
              plan.variables,
              files.spss,
              title,
              plan.rounds.map((r) => r.label),
              files.sav,
            ),
          );
          return;
        case 'data.sav':
          return await streamNative(res, savFile(em, plan.rounds, plan.variables, title, plan.filter));
        case 'data.dta':
          return await streamNative(res, dtaFile(em, plan.rounds, plan.variables, title, plan.filter));
      }
    } catch (error) {
      if (res.headersSent) {
        log.error({ err: error, file }, 'export failed while streaming');
        res.destroy(error as Error);
      } else {
        const { status, body } = httpErrorOf(error, (err) => log.error({ err, file }, 'export failed'));
        if (body.code === ErrorCode.DATABASE_UNAVAILABLE)
          log.warn({ err: error, file }, 'the database is unavailable');
        res.status(status).json(body);
      }
    }
  });
  return router;
}
