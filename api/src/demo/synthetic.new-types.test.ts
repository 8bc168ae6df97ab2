import { describe, expect, it } from 'vitest';
import { RespondentRole } from '../instruments/definition.types.js';
import { newTypesDefinition } from '../instruments/test/new-types-definition.js';
import { rankingDefinition } from '../instruments/test/ranking-definition.js';
import { checkAnswers } from '../responses/answer.rules.js';
import { syntheticAnswers } from './synthetic.js';

describe('synthetic respondents for sliders and dates', () => {
  it('answer a slider on its steps and a date within its bounds, every answer accepted', () => {
    const definition = newTypesDefinition();
    const moods = new Set<number>();
    const days = new Set<string>();
    for (let n = 0; n < 200; n++) {
      const answers = syntheticAnswers(definition, {
        seed: `seed-${n}`,
        role: RespondentRole.CONSULTANT,
        profile: { value: 0.2, challenge: 0.1, change: 0.3 },
        followUp: n % 2 === 1,
        peersInTeam: () => 1,
      });
      expect(
        checkAnswers(definition, RespondentRole.CONSULTANT, answers, { complete: false }).errors,
      ).toEqual({});
      for (const answer of answers) {
        if (answer.item === 'mood') moods.add(answer.number!);
        if (answer.item === 'started') days.add(answer.text!);
      }
    }
    expect(moods.size).toBeGreaterThan(3);
    expect(days.size).toBeGreaterThan(100);
    expect([...days].every((day) => day >= '2020-01-01' && day <= '2026-12-31')).toBe(true);
  });
});

describe('synthetic respondents for rankings', () => {
  it('rank every option once, in orders that differ, every answer accepted', () => {
    const definition = rankingDefinition();
    const orders = new Set<string>();
    for (let n = 0; n < 60; n++) {
      const answers = syntheticAnswers(definition, {
        seed: `rank-${n}`,
        role: RespondentRole.CONSULTANT,
        profile: { value: 0, challenge: 0, change: 0 },
        followUp: false,
        peersInTeam: () => 1,
      });
      expect(checkAnswers(definition, RespondentRole.CONSULTANT, answers, { complete: true }).errors).toEqual(
        {},
      );
      orders.add(answers.find((a) => a.item === 'priorities')!.choices!.join(' '));
    }
    expect(orders.size).toBe(6);
  });
});
