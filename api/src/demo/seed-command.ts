// npm run seed: wipes the database and loads the demo again. Refuses when the database holds projects that are not
// the demo's, unless given --force, so that it cannot erase real data by accident.
import { ensureAdmin } from '../accounts/bootstrap.js';
import { readConfig } from '../config.js';
import { openDatabase } from '../db/orm.js';
import { securePseudonyms } from '../privacy/pseudonym-check.js';
import { resolvePseudonymKey, setPseudonymKey } from '../privacy/pseudonym-key.js';
import { Project } from '../projects/project.entity.js';
import { describeDemo, resetDatabase } from './demo.js';
import { generateLarge, type GeneratorOptions } from './generator.js';
import { DEMO_SLUGS, loadDemo } from './seeder.js';
import type { Em } from '../db/orm.js';

const config = readConfig();
// The demo's staff passwords are published: a production database gets them only when asked for by name.
if (config.production && !config.demo) {
  console.error(
    'NODE_ENV=production: the demo data (with published staff passwords) is not loaded. Set VERDI_DEMO=1 to load it anyway.',
  );
  process.exit(1);
}
const force = process.argv.includes('--force');
const generate = process.argv.find((arg) => arg.startsWith('--generate'));

/** --generate=projects=50,rounds=4,respondents=112 (each part optional). */
function generatorOptions(arg: string): GeneratorOptions {
  const options: GeneratorOptions = { projects: 50, rounds: 4, respondents: 112 };
  for (const part of arg
    .replace(/^--generate=?/, '')
    .split(',')
    .filter(Boolean)) {
    const [key, value] = part.split('=');
    const number = Number(value);
    if (!(key! in options) || !Number.isInteger(number) || number < 1) {
      throw new Error(
        `--generate takes projects=N,rounds=N,respondents=N with whole numbers; "${part}" is not one`,
      );
    }
    options[key as keyof GeneratorOptions] = number;
  }
  return options;
}
const target = config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir };
// The demo's linkage codes are keyed like real ones, with the installation's key, checked against the database's.
const pseudonymKey = resolvePseudonymKey(config);
setPseudonymKey(pseudonymKey);
let orm = await openDatabase(target);
await securePseudonyms(orm.em.fork(), pseudonymKey);
try {
  const demo = new Set(DEMO_SLUGS());
  const others = (await orm.em.fork().find(Project, {}, { fields: ['slug'] })).filter(
    (p) => !demo.has(p.slug),
  );
  if (others.length > 0 && !force) {
    console.error(
      `The database has projects that are not demo data (${others.map((p) => p.slug).join(', ')}). ` +
        'Run `npm run seed -- --force` to erase everything in it and load the demo.',
    );
    process.exitCode = 1;
  } else {
    orm = await resetDatabase(orm, target);
    await securePseudonyms(orm.em.fork(), pseudonymKey);
    const admin = await ensureAdmin(orm.em.fork(), config.admin);
    const summary = await orm.em.fork().transactional((em) => loadDemo(em as Em));
    console.log(describeDemo(summary));
    if (generate) {
      const large = await generateLarge(orm.em.fork(), generatorOptions(generate), (line) =>
        console.log(line),
      );
      console.log(
        `Generated ${large.projects} projects × ${large.rounds} rounds × 3 roles × ${large.respondents} respondents: ` +
          `${large.responses} responses, ${large.answers} answers in ${large.seconds.toFixed(1)} s`,
      );
    }
    if (admin?.generatedPassword) console.log(`Admin: ${admin.email}  password: ${admin.generatedPassword}`);
  }
} finally {
  await orm.close();
}
