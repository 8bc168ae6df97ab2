import { watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';
import { mergedTexts } from '../i18n';

/** Names the page in the browser tab and history, in the chosen language. */
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
