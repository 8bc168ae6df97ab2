import {
  ConstructKind,
  ItemType,
  RespondentRole,
  type InstrumentDefinition,
} from '../instruments/definition.types.js';
import type { AnswerValue } from '../responses/answer.rules.js';
import { itemsFor } from '../responses/answer.rules.js';
import { normal, pick, seededRandom } from './random.js';

/** How a project's respondents tend to answer: positive values raise VALUE scores, and CHALLENGE scores likewise. */
export interface Profile {
  value: number;
  challenge: number;
  /** How much better things are at follow-up than at baseline. */
  change: number;
}

const VALUE_TEXTS = [
  'Hun vet hvordan det er, og det gjør det lettere å si ting som de er.',
  'Han viste meg at det går an å komme seg videre.',
  'Vi i teamet har begynt å snakke om brukerne på en annen måte.',
  'Jeg får brukt det jeg har vært gjennom til noe godt.',
  'Det blir lettere å ta kontakt med tjenestene når noen går sammen med deg.',
  'Mer håp, og mindre skam.',
];
const CHALLENGE_TEXTS = [
  'Det er uklart hva rollen skal være, og det varierer fra dag til dag.',
  'Jeg er den eneste med denne rollen, og det kan bli ensomt.',
  'For lite veiledning, og ingen som har samme type stilling.',
  'Noen kolleger tar ikke rollen helt på alvor ennå.',
  'Det er vanskelig å vite hvor mye av min egen historie jeg skal dele.',
  'Det er lang ventetid før man får en avtale.',
];
const ROLE_SHIFT: Record<RespondentRole, { value: number; challenge: number }> = {
  SERVICE_USER: { value: 0.15, challenge: -0.1 },
  PROFESSIONAL: { value: -0.1, challenge: 0 },
  CONSULTANT: { value: 0.05, challenge: 0.35 },
};

export interface SyntheticOptions {
  seed: string;
  role: RespondentRole;
  profile: Profile;
  followUp: boolean;
  /** Colleagues in the same role on the team, for the item that asks it (1: alone in the role). */
  peersInTeam: () => number;
}

/**
 * One believable respondent: a latent level per construct kind, items scattered around it on the 1–5 scale, the
 * odd "Vet ikke", skipped optional items and a little free text. The same seed gives the same answers.
 */
export function syntheticAnswers(definition: InstrumentDefinition, options: SyntheticOptions): AnswerValue[] {
  const random = seededRandom(options.seed);
  const shift = ROLE_SHIFT[options.role];
  const change = options.followUp ? options.profile.change : 0;
  const level = {
    [ConstructKind.VALUE]: options.profile.value + shift.value + change + 0.6 * normal(random),
    [ConstructKind.CHALLENGE]:
      options.profile.challenge + shift.challenge - change / 2 + 0.6 * normal(random),
    [ConstructKind.OUTCOME]: 0.5 * normal(random),
  };
  const kinds = new Map(definition.constructs.map((c) => [c.key, c.kind]));
  const notApplicable = new Set(definition.scales.filter((s) => s.notApplicable).map((s) => s.key));
  const answers: AnswerValue[] = [];
  for (const item of itemsFor(definition, options.role)) {
    if (!item.required && random() < 0.04) continue;
    switch (item.type) {
      case ItemType.LIKERT: {
        if (notApplicable.has(item.scale ?? '') && random() < 0.06) {
          answers.push({ item: item.key, notApplicable: true });
          break;
        }
        const kind = kinds.get(item.construct ?? '') ?? ConstructKind.OUTCOME;
        const raw = 3 + 1.1 * level[kind] + 0.65 * normal(random);
        const value = Math.min(5, Math.max(1, Math.round(raw)));
        answers.push({ item: item.key, number: item.reverseScored ? 6 - value : value });
        break;
      }
      case ItemType.YES_NO:
        answers.push({ item: item.key, number: random() < 0.9 ? 1 : 0 });
        break;
      case ItemType.NPS:
        answers.push({
          item: item.key,
          number: Math.min(10, Math.max(0, Math.round(7 + 2 * level.VALUE + normal(random)))),
        });
        break;
      case ItemType.NUMBER: {
        const value = item.key === 'peers_in_team' ? options.peersInTeam() : Math.round(item.min ?? 0);
        answers.push({
          item: item.key,
          number: Math.min(item.max ?? value, Math.max(item.min ?? value, value)),
        });
        break;
      }
      case ItemType.SINGLE_CHOICE:
      case ItemType.MULTI_CHOICE:
        answers.push({ item: item.key, choices: [pick(random, item.options ?? []).key] });
        break;
      case ItemType.RANKING: {
        // Every option once, shuffled (Fisher–Yates on the seeded generator).
        const keys = (item.options ?? []).map((o) => o.key);
        for (let i = keys.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [keys[i], keys[j]] = [keys[j]!, keys[i]!];
        }
        answers.push({ item: item.key, choices: keys });
        break;
      }
      case ItemType.SLIDER: {
        // Around the middle, moved by the level of the item's construct kind, on one of the slider's steps.
        const min = item.min ?? 0;
        const step = item.step ?? 1;
        const steps = Math.round(((item.max ?? min) - min) / step);
        const kind = kinds.get(item.construct ?? '') ?? ConstructKind.OUTCOME;
        const n = Math.min(
          steps,
          Math.max(0, Math.round(steps * (0.5 + 0.2 * level[kind] + 0.1 * normal(random)))),
        );
        const at = item.reverseScored ? steps - n : n;
        answers.push({ item: item.key, number: Number((min + at * step).toFixed(10)) });
        break;
      }
      case ItemType.DATE: {
        // A day between the item's bounds (the last five years where it has none).
        const last = Date.parse(item.latest ?? '2026-06-30');
        const first = Date.parse(
          item.earliest ?? new Date(last - 5 * 365 * 86_400_000).toISOString().slice(0, 10),
        );
        const day = first + Math.floor(random() * ((last - first) / 86_400_000 + 1)) * 86_400_000;
        answers.push({ item: item.key, text: new Date(day).toISOString().slice(0, 10) });
        break;
      }
      case ItemType.TEXT:
        if (random() < 0.25) {
          answers.push({
            item: item.key,
            text: pick(random, item.key.startsWith('challenge') ? CHALLENGE_TEXTS : VALUE_TEXTS),
          });
        }
        break;
    }
  }
  return answers;
}
