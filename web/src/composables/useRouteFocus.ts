import { nextTick, onUnmounted } from 'vue';
import { useRouter } from 'vue-router';

/**
 * Moves focus to the new page's heading after moving to another page, as a full page load would reset it:
 * screen readers then announce the page, and keyboard users continue from its top. Not on the first page
 * load, nor when only the query changes (a filter or a page of results), where focus stays where it was.
 */
export function useRouteFocus(): void {
  const router = useRouter();
  const remove = router.afterEach(async (to, from, failure) => {
    if (failure || from.matched.length === 0 || (to.path === from.path && to.name === from.name)) return;
    await nextTick();
    const heading = document.querySelector<HTMLElement>('#main-content h1');
    if (!heading) return;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus();
  });
  onUnmounted(remove);
}
