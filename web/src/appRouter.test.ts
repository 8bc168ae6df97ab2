import { describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createLazyAppRouter } from './appRouter';

describe('createLazyAppRouter', () => {
  it("resolves a participant's page without the staff routes", async () => {
    const router = createLazyAppRouter(createMemoryHistory());
    await router.push('/s/ABCDE-FGHIJ');

    expect(router.currentRoute.value.name).toBe('survey');
    expect(router.currentRoute.value.params['token']).toBe('ABCDE-FGHIJ');
    expect(router.hasRoute('projects')).toBe(false);
  });

  it('adds the staff routes on the first staff address, and resolves that address with them', async () => {
    const router = createLazyAppRouter(createMemoryHistory());
    await router.push('/projects?x=1#top');

    expect(router.currentRoute.value.name).toBe('projects');
    expect(router.currentRoute.value.fullPath).toBe('/projects?x=1#top');
    expect(router.hasRoute('dashboard')).toBe(true);

    await router.push('/no/such/page');
    expect(router.currentRoute.value.name).toBe('not-found');
    await router.push('/kode');
    expect(router.currentRoute.value.name).toBe('survey-code');
  });
});
