import { watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';
import { mergedTexts } from '../i18n';

/** Names the page in the browser tab and history, in the chosen language, from the route's `titleKey`. */
export function useDocumentTitle(): void {
  const route = useRoute();
  const { t, te } = useI18n({ useScope: 'global' });
  watchEffect(() => {
    const key = route.meta.titleKey;
    void mergedTexts.value;
    // A staff page's title is among the staff frame's texts, which arrive a moment after the first render.
    document.title = key && te(key) ? `${t(key)} – ${t('app.name')}` : t('app.name');
  });
}

/**
 * Names a page whose title is its own (a round's label, an instrument's name) or among texts that arrive with the
 * page. The app's title follows the route's `titleKey` (`useDocumentTitle`); this runs after it (flush `post`), once
 * the page's messages are there, and so has the last word.
 */
export function usePageTitle(title: () => string): void {
  const { t } = useI18n({ useScope: 'global' });
  watchEffect(
    () => {
      document.title = `${title()} – ${t('app.name')}`;
    },
    { flush: 'post' },
  );
}
