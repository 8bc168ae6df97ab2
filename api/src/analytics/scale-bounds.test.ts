import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectRole } from '../accounts/project-role.js';
import { insertSubmissions } from '../demo/bulk.js';
import {
  ConstructKind,
  defaultAgreementScale,
  ItemType,
  RespondentRole,
  type InstrumentDefinition,
  type Item,
} from '../instruments/definition.types.js';
import { reverseMirror, scaleBounds } from '../instruments/scale-bounds.js';
import { scoreConstructs } from '../responses/scoring.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { makeProject, makeUser } from '../test/factories.js';
import { openRound, publishInstrument } from '../test/rounds.js';
import { reliabilityAggregates } from './round-aggregates.js';
import { shapeOf } from './round-disclosure.js';
import { cronbachAlpha } from './stats.js';

const ROLE = RespondentRole.SERVICE_USER;

function number(key: string, extra: Partial<Item>): Item {
  return {
    key,
    type: ItemType.NUMBER,
    construct: 'load',
    roles: [ROLE],
    prompt: { nb: key },
    required: true,
    reverseScored: false,
    ...extra,
  };
}

/** Two NUMBER items of one construct, the second reverse-scored on 0–10. */
function definition(): InstrumentDefinition {
  return {
    scales: [defaultAgreementScale()],
    constructs: [{ key: 'load', kind: ConstructKind.CHALLENGE, label: { nb: 'Belastning' } }],
    sections: [
      {
        key: 's',
        title: { nb: 'Side' },
        items: [number('n_1', { min: 0, max: 10 }), number('n_2', { min: 0, max: 10, reverseScored: true })],
      },
    ],
  };
}

/** The same instrument with the reverse-scored item's bounds taken away (publishing refuses it; old data has it). */
function withoutBounds(): InstrumentDefinition {
  const d = definition();
  const item = d.sections[0]!.items[1]!;
  item.min = null;
  item.max = null;
  return d;
}

const ANSWERS = [
  [1, 2],
  [3, 3],
  [4, 7],
  [6, 5],
  [9, 10],
  [2, 6],
];

function variance(values: number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
}

/** Cronbach's alpha of the answers as the given definition scores them, recomputed here. */
function expectedAlpha(d: InstrumentDefinition): number {
  const items = d.sections[0]!.items;
  const values = ANSWERS.map((row) =>
    row.map((v, i) => {
      const mirror = reverseMirror(items[i]!, d);
      return mirror === null ? v : mirror - v;
    }),
  );
  const sumItemVariances = items.reduce((s, _, i) => s + variance(values.map((row) => row[i]!)), 0);
  return cronbachAlpha(items.length, sumItemVariances, variance(values.map((row) => row[0]! + row[1]!)))!;
}

describe('scale bounds: one rule for scores and for alpha', () => {
  let db: TestDatabase;
  let roundId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    const project = await makeProject(em);
    const author = await makeUser(em, { roles: [[project, ProjectRole.RESEARCHER]] });
    const instrumentId = await publishInstrument(em, project, author, definition());
    ({ roundId } = await openRound(em, project, author, instrumentId, { label: 'Runde' }));
    await insertSubmissions(
      db.orm.em.fork(),
      roundId,
      definition(),
      ROLE,
      ANSWERS.map(([a, b]) => ({
        submittedOn: '2026-01-01',
        answers: [
          { item: 'n_1', number: a },
          { item: 'n_2', number: b },
        ],
      })),
    );
  });
  afterAll(() => db?.drop());

  it('a reverse NUMBER item without bounds has none, and is not mirrored', () => {
    const d = withoutBounds();
    const item = d.sections[0]!.items[1]!;
    expect(scaleBounds(item, d)).toBeUndefined();
    expect(reverseMirror(item, d)).toBeNull();
    expect(reverseMirror(definition().sections[0]!.items[1]!, definition())).toBe(10);
  });

  it('scores a reverse NUMBER item without bounds as answered', () => {
    const [row] = scoreConstructs(withoutBounds(), ROLE, [
      { itemKey: 'n_1', number: 4, text: null, choices: null, notApplicable: false },
      { itemKey: 'n_2', number: 7, text: null, choices: null, notApplicable: false },
    ]);
    expect(row!.score).toBe(5.5);
  });

  it('alpha mirrors a reverse NUMBER item with bounds, as its scores do', async () => {
    const d = definition();
    const [cell] = await reliabilityAggregates(db.orm.em.fork(), roundId, shapeOf(d), d);
    expect(cell!.n).toBe(ANSWERS.length);
    expect(cell!.alpha).toBeCloseTo(expectedAlpha(d), 12);
  });

  it('alpha leaves a reverse NUMBER item without bounds unmirrored, as its scores do (not around 0)', async () => {
    const d = withoutBounds();
    const [cell] = await reliabilityAggregates(db.orm.em.fork(), roundId, shapeOf(d), d);
    expect(cell!.alpha).toBeCloseTo(expectedAlpha(d), 12);
    // Mirrored around 0 every value only changes sign, which would give another alpha.
    const aroundZero = ANSWERS.map(([a, b]) => [a!, -b!]);
    const wrong = cronbachAlpha(
      2,
      variance(aroundZero.map((r) => r[0]!)) + variance(aroundZero.map((r) => r[1]!)),
      variance(aroundZero.map((r) => r[0]! + r[1]!)),
    )!;
    expect(Math.abs(cell!.alpha! - wrong)).toBeGreaterThan(0.1);
  });
});
