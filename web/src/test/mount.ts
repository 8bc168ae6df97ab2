import urql, { type Client } from '@urql/vue';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach } from 'vitest';
import type { Component } from 'vue';
import { createMemoryHistory, type Router } from 'vue-router';
import { createAppI18n, type Locale } from '../i18n';
import { mergeFrameMessages } from '../i18n/frame';
import { createAppRouter } from '../router';

enableAutoUnmount(afterEach);

export interface MountOptions {
  client: Client;
  locale?: Locale;
  router?: Router;
  attachTo?: HTMLElement;
  props?: Record<string, unknown>;
}

/** Mounts a component with the same plugins as the app: i18n, a router in memory and the given urql client. */
export function mountWithApp(component: Component, options: MountOptions) {
  // Without a locale the app's own choice applies: the stored one, else bokmål.
  const i18n = createAppI18n(options.locale);
  // In the app every staff page is shown inside the staff frame, which brings these texts.
  mergeFrameMessages(i18n.global);
  const router = options.router ?? createAppRouter(createMemoryHistory());
  const wrapper = mount(component, {
    global: { plugins: [i18n, router, [urql, options.client]] },
    attachTo: options.attachTo,
    props: options.props,
  });
  return { wrapper, i18n, router };
}

/** Lets urql's results, Vue's updates and lazy route components settle. */
export async function settle(): Promise<void> {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 0));
  await flushPromises();
}

/** Submits the form that holds `field`, as pressing Enter in it would, and lets the result settle. */
export async function submitFormOf(field: { element: Element }): Promise<void> {
  const form = field.element.closest('form');
  if (!form) throw new Error('the field is not in a form');
  form.dispatchEvent(new Event('submit', { cancelable: true }));
  await settle();
}
