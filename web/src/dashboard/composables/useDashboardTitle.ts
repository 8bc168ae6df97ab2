import { watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * Names a dashboard page in the browser tab. The app's own title follows the route's `titleKey`, which only knows
 * the app's messages; this runs after it (flush `post`), once the dashboard messages are there.
 */
export function useDashboardTitle(title: () => string): void {
  const { t } = useI18n({ useScope: 'global' });
  watchEffect(
    () => {
      document.title = `${title()} – ${t('app.name')}`;
    },
    { flush: 'post' },
  );
}
