import { ensureAdmin } from './accounts/bootstrap.js';
import { createApp } from './app.js';
import { activeDemoAccounts, demoAccountsWarning, describeDemo, loadDemoIfEmpty } from './demo/demo.js';
import { readConfig, type AppConfig } from './config.js';
import { openDatabase } from './db/orm.js';
import { createLogger } from './logger.js';
import { securePseudonyms } from './privacy/pseudonym-check.js';
import { keyFilePath, resolvePseudonymKey, setPseudonymKey } from './privacy/pseudonym-key.js';

function configOrExit(): AppConfig {
  try {
    return readConfig();
  } catch (error) {
    console.error(`Verdi could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

const config = configOrExit();
const log = createLogger(config.logLevel);

async function main(): Promise<void> {
  // Before the database: a server without its key refuses to start without touching anything.
  const pseudonymKey = resolvePseudonymKey(config, log);
  setPseudonymKey(pseudonymKey);
  const target = config.databaseUrl
    ? { databaseUrl: config.databaseUrl, statementTimeoutMs: config.statementTimeoutMs }
    : { dataDir: config.dataDir };
  const orm = await openDatabase(target, log);
  await securePseudonyms(orm.em.fork(), pseudonymKey, log);
  const admin = await ensureAdmin(orm.em.fork(), config.admin);
  const demo = await loadDemoIfEmpty(orm.em.fork(), config.demo);
  const demoAccounts = config.production ? await activeDemoAccounts(orm.em.fork()) : [];
  if (demoAccounts.length > 0) log.warn({ accounts: demoAccounts }, demoAccountsWarning(demoAccounts));
  const app = await createApp({
    orm,
    log,
    webDir: config.webDir,
    production: config.production,
    exposeStacktraces: config.exposeStacktraces,
    requestTimeoutMs: config.requestTimeoutMs,
    throttle: config.throttle,
    trustProxy: config.trustProxy,
    sso: config.sso,
    signInLimits: config.signInLimits,
    twoFactor: { adminTwoFactor: config.adminTwoFactor },
    scheduler: { tickMs: config.schedulerTickMs, autoStart: false },
    mail: config.mail,
    publicUrl: config.publicUrl,
    inviteeGraceDays: config.inviteeGraceDays,
    retentionWarningDays: config.retentionWarningDays,
  });

  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(config.port, resolve);
  });
  // Before the line that says Verdi is running: a supervisor that stops it as soon as it reads that line must get
  // a clean shutdown, not the default end of an unhandled SIGTERM.
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    deadline.unref();
    try {
      await app.stop();
      await orm.close();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // Background jobs start once Verdi answers requests, and the start line does not wait for their first round.
  app.scheduler.start().catch((error: unknown) => log.error({ err: error }, 'the scheduler did not start'));

  const address = app.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  log.info({ url, database: config.databaseUrl ? 'server' : 'embedded' }, 'Verdi started');
  console.log(
    config.databaseUrl
      ? `\nDatabase: PostgreSQL server from DATABASE_URL`
      : `\nDatabase: embedded PostgreSQL (PGlite), stored in ${config.dataDir}`,
  );
  if (!config.pseudonymKey) {
    console.log(`Pseudonym key: ${keyFilePath(config.dataDir)} (back it up with the database)`);
  }
  if (demo) console.log(describeDemo(demo));
  if (demoAccounts.length > 0) console.log(`\nWARNING: ${demoAccountsWarning(demoAccounts)}`);
  if (admin) {
    console.log(
      admin.generatedPassword
        ? `${admin.restored ? 'Restored the admin' : 'Created the first admin'}: ${admin.email} with password ${admin.generatedPassword}\n` +
            '  (shown this once: sign in and change it, or set VERDI_ADMIN_EMAIL and VERDI_ADMIN_PASSWORD on a new database)'
        : `${admin.restored ? 'Restored the admin' : 'Created the first admin'}: ${admin.email} with the password from VERDI_ADMIN_PASSWORD`,
    );
  }
  // Printed last, so that it is the line a new user sees.
  console.log(`\nVerdi is running at ${url}\n`);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'Verdi could not start');
  console.error(`Verdi could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
