import { useMutation } from '@urql/vue';
import { UpdateMeDocument } from '@verdi/schema/generated/documents/session';
import { languageOf, type Locale } from '../i18n';
import { useLocale } from './useLocale';
import { useSession } from './useSession';

/**
 * The staff frame's language switch: switches now and, for a signed-in user, saves the choice with the account.
 * Apart from `useLocale`, which the participants' pages use too: they have no account to save it with.
 */
export function useLanguagePreference() {
  const { locale, locales, setLocale } = useLocale();
  const { user } = useSession();
  const updateMe = useMutation(UpdateMeDocument);

  async function choose(next: Locale): Promise<void> {
    setLocale(next);
    if (!user.value || user.value.language === languageOf(next)) return;
    // Saving is a convenience for the next sign-in; the switch has already happened, so a failure is not shown.
    await updateMe.executeMutation({ input: { language: languageOf(next) } });
  }

  return { locale, locales, choose };
}
