import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createAppI18n } from '../i18n';
import { mergeFrameMessages } from '../i18n/frame';
import ConfirmDialog from './ConfirmDialog.vue';

const request = {
  title: 'Tilbakekalle?',
  message: 'Skriptene slutter å virke.',
  confirmLabel: 'Tilbakekall',
};

describe('ConfirmDialog', () => {
  it('is not closed by the late close event of an earlier Escape when asked again before it arrived', async () => {
    const i18n = createAppI18n('nb');
    mergeFrameMessages(i18n.global);
    const wrapper = mount(ConfirmDialog, { global: { plugins: [i18n] }, attachTo: document.body });
    const dialog = wrapper.get('dialog').element as HTMLDialogElement;
    const { ask } = wrapper.vm as unknown as {
      ask: (next: typeof request) => Promise<boolean>;
    };

    const first = ask(request);
    await nextTick();
    expect(dialog.open).toBe(true);
    // Escape: the browser closes the dialog at once and queues its `close` event; the user asks again meanwhile.
    dialog.removeAttribute('open');
    const second = ask(request);
    expect(await first).toBe(false);
    await nextTick();
    expect(dialog.open).toBe(true);
    dialog.dispatchEvent(new Event('close'));
    expect(dialog.open).toBe(true);

    let settled = false;
    void second.then(() => (settled = true));
    await nextTick();
    expect(settled).toBe(false);
    await wrapper.findAll('button')[1]!.trigger('click');
    expect(await second).toBe(true);
    wrapper.unmount();
  });
});
