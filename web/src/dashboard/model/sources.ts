import type { ChartTexts } from './charts';
import { spreadFactor } from './reasons';

/** A round as the dashboard's answers name it, with where its numbers come from. */
export interface RoundSource {
  projectId: string;
  projectName: string;
  label: string;
  /** The round's k: smaller groups are hidden. */
  minGroupSize: number;
  /** The release a manager's numbers come from; null for live numbers, or for a round not released yet. */
  releaseVersion: number | null;
  releasedAt: string | null;
}

/** A paragraph, and a list under it where rounds differ. */
export interface SourceNote {
  text: string;
  items: string[];
}

/**
 * Where the numbers come from, in words. A manager's come from each round's release, made when it closed, and a
 * later change reaches them only once it cannot give anyone away; a researcher sees live numbers and is told that
 * managers see the release. Then the round's k, how many answers the spread needs, and that medians are never shown.
 */
export function describeSources(
  rounds: readonly RoundSource[],
  live: (projectId: string) => boolean,
  texts: ChartTexts,
): SourceNote[] {
  const t = texts.t;
  const name = (round: RoundSource) => `${round.projectName}, ${round.label}`;
  const notes: SourceNote[] = [];
  const liveRounds = rounds.filter((r) => live(r.projectId));
  const managerRounds = rounds.filter((r) => !live(r.projectId));
  if (liveRounds.length > 0) {
    const projects = [...new Set(liveRounds.map((r) => r.projectName))];
    notes.push({
      text:
        managerRounds.length === 0
          ? t('dashboard.sources.live')
          : t('dashboard.sources.liveIn', { projects: projects.join(', ') }),
      items: [],
    });
  }
  const released = managerRounds.filter((r) => r.releaseVersion != null && r.releasedAt != null);
  const stamp = (round: RoundSource) =>
    t('dashboard.sources.version', { version: round.releaseVersion, date: texts.date(round.releasedAt!) });
  const stamps = new Set(released.map(stamp));
  const later = t('dashboard.sources.later');
  if (released.length > 0 && released.length === managerRounds.length && stamps.size === 1) {
    notes.push({
      text: `${t(released.length === 1 ? 'dashboard.sources.releasedOne' : 'dashboard.sources.releasedAll', {
        release: [...stamps][0],
      })} ${later}`,
      items: [],
    });
  } else if (released.length > 0) {
    notes.push({
      text: `${t('dashboard.sources.releasedEach')} ${later}`,
      items: managerRounds.map(
        (r) => `${name(r)}: ${released.includes(r) ? stamp(r) : t('dashboard.sources.notReleased')}`,
      ),
    });
  } else if (managerRounds.length > 0) {
    notes.push({ text: t('dashboard.sources.noneReleased'), items: [] });
  }
  const ks = [...new Set(rounds.map((r) => r.minGroupSize))];
  const limits = (k: number) => ({ k, spread: spreadFactor * k });
  if (ks.length === 1) notes.push({ text: t('dashboard.sources.limits', limits(ks[0]!)), items: [] });
  else if (ks.length > 1)
    notes.push({
      text: t('dashboard.sources.limitsEach'),
      items: rounds.map((r) => `${name(r)}: ${t('dashboard.sources.limitsOf', limits(r.minGroupSize))}`),
    });
  return notes;
}
