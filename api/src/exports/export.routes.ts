import { DEFAULT_TWO_FACTOR_POLICY, type TwoFactorPolicy } from '../two-factor/two-factor.config.js';
import ExcelJS from 'exceljs';
import express, { type Request, type Response as HttpResponse } from 'express';
import { once } from 'node:events';
import { GraphQLError } from 'graphql';
import { AuthService } from '../accounts/auth.service.js';
import { ProjectRole } from '../accounts/project-role.js';
import { AuditAction } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { credentialsOf } from '../auth/http-auth.js';
import type { Viewer } from '../auth/viewer.js';
import { dayOf } from '../common/dates.js';
import { isUuid } from '../common/ids.js';
import { slugify } from '../common/slug.js';
import type { Orm, Em } from '../db/orm.js';
import { InstrumentVersion } from '../instruments/instrument-version.entity.js';
import type { Logger } from '../logger.js';
import { Project } from '../projects/project.entity.js';
import { Wave } from '../waves/wave.entity.js';
import { codebookJson, codebookRows, CODEBOOK_COLUMNS, rScript, spssSyntax } from './export.formats.js';
import { planVariables, RESPONSE_COLUMNS, type Variable } from './export.plan.js';
import { csvPages, LONG_COLUMNS, wideRowPages, type ExportRound } from './export.rows.js';
import { csvLine } from './export.sql.js';
import { streamNative } from './export.dimensions.js';
import { dtaFile } from './dta.js';
import { savFile } from './sav.js';

export const EXPORT_FILES = [
  'data-wide.csv',
  'data-long.csv',
  'data.xlsx',
  'codebook.csv',
  'codebook.json',
  'read-data.R',
  'read-data.sps',
  'data.sav',
  'data.dta',
] as const;
type ExportFile = (typeof EXPORT_FILES)[number];

interface Plan {
  project: Project;
  rounds: ExportRound[];
  variables: Variable[];
  /** The start of every file name: project, rounds and the day, e.g. verdi_bergen_baseline-2025_2026-11-23 */
  stem: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function viewerOf(em: Em, req: Request, twoFactor: TwoFactorPolicy): Promise<Viewer> {
  try {
    // With the app's two-factor policy, so that an admin still held to setting it up gets no more here than in GraphQL.
    const viewer = await new AuthService(em, { twoFactor }).viewerFor(credentialsOf(req));
    if (viewer) return viewer;
  } catch (error) {
    if (error instanceof GraphQLError) throw new HttpError(401, error.message);
    throw error;
  }
  throw new HttpError(401, 'Sign in, or send a personal API token as "Authorization: Bearer …"');
}

async function planFor(em: Em, viewer: Viewer, projectId: string, roundIds: string[] | null): Promise<Plan> {
  const allowed = viewer.isAdmin || viewer.roles.get(projectId) === ProjectRole.RESEARCHER;
  if (!allowed) throw new HttpError(403, 'Only researchers of the project can export its data');
  const project = isUuid(projectId) ? await em.findOne(Project, { id: projectId }) : null;
  if (!project) throw new HttpError(404, `Project ${projectId} was not found`);
  const waves = await em.find(Wave, { project }, { orderBy: { opensAt: 'asc', id: 'asc' } });
  const chosen = roundIds ? waves.filter((w) => roundIds.includes(w.id)) : waves;
  const unknown = roundIds?.filter((id) => !waves.some((w) => w.id === id)) ?? [];
  if (unknown.length > 0) throw new HttpError(400, `Not rounds of ${project.name}: ${unknown.join(', ')}`);
  if (chosen.length === 0) throw new HttpError(400, `${project.name} has no rounds to export`);
  const versions = await em.find(
    InstrumentVersion,
    { id: { $in: chosen.map((w) => w.instrumentVersion.id) } },
    { orderBy: { number: 'asc' } },
  );
  // File names stay short enough for every file system (and for curl -OJ), whatever the labels.
  const labels = chosen.map((w) => slugify(w.label, 30) || 'runde').join('+');
  const roundsPart = !roundIds ? 'alle-runder' : labels.length <= 80 ? labels : `${chosen.length}-runder`;
  return {
    project,
    rounds: chosen.map((w) => ({ id: w.id, label: w.label, linkage: w.linkage })),
    variables: planVariables(versions.map((v) => v.definition)),
    stem: `verdi_${project.slug}_${roundsPart}_${dayOf(new Date())}`,
  };
}

/** Writes a chunk, waiting while the client's socket is full; gives up when the client has gone. */
async function send(res: HttpResponse, chunk: string): Promise<void> {
  if (res.write(chunk)) return;
  await Promise.race([once(res, 'drain'), once(res, 'close')]);
  if (res.destroyed) throw new Error('the client closed the connection');
}

async function streamCsv(
  res: HttpResponse,
  header: readonly string[],
  pages: AsyncIterable<string> | Iterable<string>,
): Promise<void> {
  await send(res, csvLine(header));
  for await (const page of pages) await send(res, page);
  res.end();
  await once(res, 'finish');
}

async function streamXlsx(res: HttpResponse, plan: Plan, em: Em): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: res,
    useSharedStrings: false,
    useStyles: false,
  });
  const data = workbook.addWorksheet('data');
  data.addRow([...RESPONSE_COLUMNS, ...plan.variables.map((v) => v.name)]).commit();
  for await (const rows of wideRowPages(em, plan.rounds, plan.variables)) {
    for (const row of rows) data.addRow(row).commit();
  }
  data.commit();
  const codebook = workbook.addWorksheet('codebook');
  codebook.addRow([...CODEBOOK_COLUMNS]).commit();
  for (const row of codebookRows(plan.variables)) codebook.addRow(row).commit();
  codebook.commit();
  await workbook.commit();
}

const CONTENT_TYPES: Record<ExportFile, string> = {
  'data-wide.csv': 'text/csv; charset=utf-8',
  'data-long.csv': 'text/csv; charset=utf-8',
  'data.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
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
        throw new HttpError(404, `No such export; choose one of ${EXPORT_FILES.join(', ')}`);
      const viewer = await viewerOf(em, req, twoFactor);
      const roundIds =
        typeof req.query.rounds === 'string' && req.query.rounds ? req.query.rounds.split(',') : null;
      const plan = await planFor(em, viewer, req.params.projectId, roundIds);
      new AuditService(em).record({
        action: AuditAction.EXPORT_DOWNLOADED,
        actorId: viewer.userId,
        subjectType: 'Project',
        subjectId: plan.project.id,
        projectId: plan.project.id,
        details: { file, rounds: plan.rounds.map((r) => r.label), via: viewer.via },
      });
      await em.flush();

      const filename = `${plan.stem}_${file}`;
      res.setHeader('Content-Type', CONTENT_TYPES[file]);
      res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
      res.setHeader('Cache-Control', 'no-store');
      const title = `${plan.project.name}: ${plan.rounds.map((r) => r.label).join(', ')}`;
      const wideName = `${plan.stem}_data-wide.csv`;
      switch (file) {
        case 'data-wide.csv':
          return await streamCsv(
            res,
            [...RESPONSE_COLUMNS, ...plan.variables.map((v) => v.name)],
            csvPages(em, plan.rounds, plan.variables, 'wide'),
          );
        case 'data-long.csv':
          return await streamCsv(res, LONG_COLUMNS, csvPages(em, plan.rounds, plan.variables, 'long'));
        case 'data.xlsx':
          return await streamXlsx(res, plan, em);
        case 'codebook.csv':
          return await streamCsv(res, CODEBOOK_COLUMNS, codebookRows(plan.variables).map(csvLine));
        case 'codebook.json':
          res.send(
            codebookJson(plan.variables, {
              project: plan.project.name,
              rounds: plan.rounds.map((r) => r.label),
              dataFile: wideName,
            }),
          );
          return;
        case 'read-data.R':
          res.send(rScript(plan.variables, wideName, title));
          return;
        case 'read-data.sps':
          res.send(spssSyntax(plan.variables, wideName, title));
          return;
        case 'data.sav':
          return await streamNative(res, savFile(em, plan.rounds, plan.variables, title));
        case 'data.dta':
          return await streamNative(res, dtaFile(em, plan.rounds, plan.variables, title));
      }
    } catch (error) {
      if (res.headersSent) {
        log.error({ err: error, file }, 'export failed while streaming');
        res.destroy(error as Error);
      } else if (error instanceof HttpError) {
        res.status(error.status).json({ error: error.message });
      } else {
        log.error({ err: error, file }, 'export failed');
        res.status(500).json({ error: 'Internal server error' });
      }
    }
  });
  return router;
}
