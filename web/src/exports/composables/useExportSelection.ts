import { computed, ref, toValue, watch, type MaybeRefOrGetter } from 'vue';
import {
  EXPORT_FILES,
  RESPONDENT_ROLES,
  exportUrl,
  type ExportFile,
  type RespondentRoleName,
} from '../model/exportFiles';

/**
 * Which rounds and files to export, and the addresses that follow. Every round is chosen until the user changes
 * that, including rounds that arrive after the page opened; the wide CSV is the file chosen first.
 */
export function useExportSelection(
  projectId: MaybeRefOrGetter<string>,
  roundIds: MaybeRefOrGetter<readonly string[]>,
) {
  const rounds = ref<string[]>([]);
  const files = ref<ExportFile[]>(['data-wide.csv']);
  const roles = ref<RespondentRoleName[]>([...RESPONDENT_ROLES]);
  const from = ref('');
  const to = ref('');
  /** A first day after the last day selects nothing; the page says so instead of downloading empty files. */
  const datesInOrder = computed(() => !from.value || !to.value || from.value <= to.value);
  let touched = false;

  watch(
    () => [...toValue(roundIds)],
    (ids) => {
      rounds.value = touched ? rounds.value.filter((id) => ids.includes(id)) : ids;
    },
    { immediate: true },
  );

  function setRounds(ids: string[]): void {
    touched = true;
    rounds.value = ids;
  }

  function setFiles(chosen: ExportFile[]): void {
    files.value = EXPORT_FILES.filter((file) => chosen.includes(file));
  }

  const url = (file: ExportFile) =>
    exportUrl(toValue(projectId), file, rounds.value, toValue(roundIds), {
      roles: roles.value,
      from: from.value,
      to: to.value,
    });

  return {
    rounds: computed({ get: () => rounds.value, set: setRounds }),
    files: computed({ get: () => files.value, set: setFiles }),
    roles,
    from,
    to,
    datesInOrder,
    ready: computed(() => rounds.value.length > 0 && roles.value.length > 0 && datesInOrder.value),
    url,
    /** The chosen files with their addresses, in the page's order. */
    downloads: computed(() => files.value.map((file) => ({ file, url: url(file) }))),
  };
}
