import { useMutation, useQuery } from '@urql/vue';
import type { RespondentRole } from '@verdi/schema/generated';
import {
  AddInviteesDocument,
  InvitationPreviewDocument,
  MailSetupDocument,
  RemoveInviteesDocument,
  RoundInvitationsDocument,
  SendInvitationsDocument,
  SendRemindersNowDocument,
  UpdateInvitationSettingsDocument,
} from '@verdi/schema/generated/documents/invitations';
import type { MailKind } from '@verdi/schema/generated';
import { computed, reactive, shallowRef, toValue, type MaybeRefOrGetter } from 'vue';
import { toApiError, useApiError, type ApiError } from '../../composables/useApiError';
import { lineErrorsOf, parseDays, type LineError } from '../model/invitees';

export type InvitationAction = 'send' | 'remind' | 'remove';

/**
 * A round's invitations by e-mail: the list with its counts, whether this installation can send mail at all, and
 * sending, reminding and removing, each turning the API's refusal into an `ApiError` the panel words.
 */
export function useInvitations(roundId: MaybeRefOrGetter<string>) {
  const query = useQuery({
    query: RoundInvitationsDocument,
    variables: computed(() => ({ roundId: toValue(roundId) })),
    requestPolicy: 'cache-and-network',
  });
  const setup = useQuery({ query: MailSetupDocument });
  const sendMutation = useMutation(SendInvitationsDocument);
  const remindMutation = useMutation(SendRemindersNowDocument);
  const removeMutation = useMutation(RemoveInviteesDocument);

  const invitations = computed(() => query.data.value?.roundInvitations ?? null);
  const error = useApiError(query.error);
  /** False only when the API says there is no mail server; unknown (null) while asking or when it cannot tell. */
  const mailConfigured = computed(() => setup.data.value?.mailSetup.configured ?? null);
  const mailFrom = computed(() => setup.data.value?.mailSetup.from ?? null);

  const actionError = shallowRef<ApiError | null>(null);
  /** Which action the error or the confirmation is about. */
  const lastAction = shallowRef<InvitationAction | null>(null);
  const done = shallowRef<{ action: InvitationAction; count: number } | null>(null);
  const busy = computed(
    () => sendMutation.fetching.value || remindMutation.fetching.value || removeMutation.fetching.value,
  );

  function refetch(): void {
    query.executeQuery({ requestPolicy: 'network-only' });
  }

  function start(action: InvitationAction): void {
    lastAction.value = action;
    actionError.value = null;
    done.value = null;
  }

  async function send(): Promise<boolean> {
    if (busy.value) return false;
    start('send');
    const before = invitations.value?.counts.notSent ?? 0;
    const result = await sendMutation.executeMutation({ roundId: toValue(roundId) });
    if (result.error || !result.data) {
      if (result.error) actionError.value = toApiError(result.error);
      refetch();
      return false;
    }
    done.value = { action: 'send', count: before };
    refetch();
    return true;
  }

  async function remind(): Promise<boolean> {
    if (busy.value) return false;
    start('remind');
    const before = invitations.value?.counts.reminders ?? 0;
    const result = await remindMutation.executeMutation({ roundId: toValue(roundId) });
    if (result.error || !result.data) {
      if (result.error) actionError.value = toApiError(result.error);
      return false;
    }
    done.value = { action: 'remind', count: result.data.sendRemindersNow.counts.reminders - before };
    refetch();
    return true;
  }

  async function remove(ids: string[]): Promise<boolean> {
    if (busy.value || ids.length === 0) return false;
    start('remove');
    const result = await removeMutation.executeMutation({ roundId: toValue(roundId), ids });
    if (result.error || result.data == null) {
      if (result.error) actionError.value = toApiError(result.error);
      return false;
    }
    done.value = { action: 'remove', count: result.data.removeInvitees };
    refetch();
    return true;
  }

  return {
    invitations,
    loading: computed(() => query.fetching.value && !query.data.value),
    error,
    mailConfigured,
    mailFrom,
    actionError,
    lastAction,
    done,
    busy,
    sending: sendMutation.fetching,
    reminding: remindMutation.fetching,
    send,
    remind,
    remove,
    refetch,
  };
}

export type InviteeUploadField = 'text' | 'defaultRole' | 'defaultLanguage';

/** Adding a pasted list or a CSV file's text: all of it or nothing, with the API's problems per line. */
export function useInviteeUpload(roundId: MaybeRefOrGetter<string>, onAdded: () => void) {
  const values = reactive<{ text: string; defaultRole: RespondentRole | ''; defaultLanguage: string }>({
    text: '',
    defaultRole: '',
    defaultLanguage: 'nb',
  });
  const fieldErrors = shallowRef<Partial<Record<InviteeUploadField, string>>>({});
  const lineErrors = shallowRef<LineError[]>([]);
  const formError = shallowRef<ApiError | null>(null);
  const result = shallowRef<{ added: number; duplicates: { line: number; email: string }[] } | null>(null);
  const mutation = useMutation(AddInviteesDocument);

  async function submit(): Promise<boolean> {
    if (mutation.fetching.value) return false;
    formError.value = null;
    lineErrors.value = [];
    result.value = null;
    const problems: Partial<Record<InviteeUploadField, string>> = {};
    if (!values.text.trim()) problems.text = 'required';
    if (!values.defaultRole) problems.defaultRole = 'required';
    fieldErrors.value = problems;
    if (Object.keys(problems).length > 0 || !values.defaultRole) return false;

    const answer = await mutation.executeMutation({
      roundId: toValue(roundId),
      input: { text: values.text, defaultRole: values.defaultRole, defaultLanguage: values.defaultLanguage },
    });
    if (answer.error || !answer.data) {
      if (answer.error) {
        const error = toApiError(answer.error);
        formError.value = error;
        lineErrors.value = lineErrorsOf(error.fields);
        fieldErrors.value = Object.fromEntries(
          Object.entries(error.fields).filter(([field]) =>
            ['text', 'defaultRole', 'defaultLanguage'].includes(field),
          ),
        );
      }
      return false;
    }
    result.value = {
      added: answer.data.addInvitees.added,
      duplicates: answer.data.addInvitees.duplicates.map(({ line, email }) => ({ line, email })),
    };
    values.text = '';
    onAdded();
    return true;
  }

  return { values, fieldErrors, lineErrors, formError, result, submitting: mutation.fetching, submit };
}

export interface SettingsValues {
  messageNb: string;
  messageNn: string;
  messageEn: string;
  replyTo: string;
  reminderDays: string;
  graceDays: string;
}

export type SettingsField = 'message' | 'replyTo' | 'reminderDays' | 'graceDays';

/** The round's mail settings: the researchers' paragraph per language, reply-to, reminder days and grace days. */
export function useInvitationSettings(roundId: MaybeRefOrGetter<string>) {
  const values = reactive<SettingsValues>({
    messageNb: '',
    messageNn: '',
    messageEn: '',
    replyTo: '',
    reminderDays: '',
    graceDays: '',
  });
  const fieldErrors = shallowRef<Partial<Record<SettingsField, string>>>({});
  const formError = shallowRef<ApiError | null>(null);
  const saved = shallowRef(false);
  const mutation = useMutation(UpdateInvitationSettingsDocument);

  function fill(settings: {
    message?: { nb: string; nn?: string | null; en?: string | null } | null;
    replyTo?: string | null;
    reminderDays: readonly number[];
    graceDays?: number | null;
  }): void {
    values.messageNb = settings.message?.nb ?? '';
    values.messageNn = settings.message?.nn ?? '';
    values.messageEn = settings.message?.en ?? '';
    values.replyTo = settings.replyTo ?? '';
    values.reminderDays = settings.reminderDays.join(', ');
    values.graceDays = settings.graceDays == null ? '' : String(settings.graceDays);
  }

  async function submit(): Promise<boolean> {
    if (mutation.fetching.value) return false;
    formError.value = null;
    saved.value = false;
    const problems: Partial<Record<SettingsField, string>> = {};
    const days = parseDays(values.reminderDays);
    if (!days) problems.reminderDays = 'days';
    const grace = values.graceDays.trim();
    if (grace && (!/^\d+$/.test(grace) || Number(grace) > 365)) problems.graceDays = 'grace';
    const hasOther = values.messageNn.trim() || values.messageEn.trim();
    if (hasOther && !values.messageNb.trim()) problems.message = 'nbFirst';
    fieldErrors.value = problems;
    if (Object.keys(problems).length > 0 || !days) return false;

    const nb = values.messageNb.trim();
    const result = await mutation.executeMutation({
      roundId: toValue(roundId),
      input: {
        message: nb ? { nb, nn: values.messageNn.trim() || null, en: values.messageEn.trim() || null } : null,
        replyTo: values.replyTo.trim() || null,
        reminderDays: days,
        graceDays: grace ? Number(grace) : null,
      },
    });
    if (result.error || !result.data) {
      if (result.error) {
        const error = toApiError(result.error);
        formError.value = error;
        const fields: Partial<Record<SettingsField, string>> = {};
        for (const [field, message] of Object.entries(error.fields)) {
          const name = field.split('.')[0] as SettingsField;
          if (['message', 'replyTo', 'reminderDays', 'graceDays'].includes(name)) fields[name] = message;
        }
        fieldErrors.value = fields;
      }
      return false;
    }
    saved.value = true;
    return true;
  }

  return { values, fieldErrors, formError, saved, submitting: mutation.fetching, fill, submit };
}

/** A sample mail, fetched when asked for. */
export function useMailPreview(roundId: MaybeRefOrGetter<string>) {
  const kind = shallowRef<MailKind>('INVITATION');
  const language = shallowRef('nb');
  const shown = shallowRef(false);
  const query = useQuery({
    query: InvitationPreviewDocument,
    variables: computed(() => ({ roundId: toValue(roundId), kind: kind.value, language: language.value })),
    pause: computed(() => !shown.value),
    requestPolicy: 'network-only',
  });
  return {
    kind,
    language,
    shown,
    preview: computed(() => query.data.value?.invitationPreview ?? null),
    loading: query.fetching,
    error: useApiError(query.error),
    refresh: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}
