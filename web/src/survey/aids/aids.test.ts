import { mount, type VueWrapper } from '@vue/test-utils';
import type { Component } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../i18n';
import type { Assistance } from '../model/storage';
import AssistanceQuestion from './AssistanceQuestion.vue';
import en from './aids.en.json';
import nb from './aids.nb.json';
import nn from './aids.nn.json';
import EasyReadSwitch from './EasyReadSwitch.vue';
import ReadAloudButton from './ReadAloudButton.vue';
import { voiceFor } from './speech';

/**
 * The browser's speech synthesis, stubbed at the API's boundary (jsdom has none): the voices it lists, which can
 * change later as in Chrome, and what it was asked to say.
 */
class FakeSpeech extends EventTarget {
  voices: Partial<SpeechSynthesisVoice>[] = [];
  spoken: { text: string; lang: string; voice: string | undefined }[] = [];
  cancelled = 0;
  getVoices() {
    return this.voices as SpeechSynthesisVoice[];
  }
  speak(utterance: { text: string; lang: string; voice: SpeechSynthesisVoice | null }) {
    this.spoken.push({ text: utterance.text, lang: utterance.lang, voice: utterance.voice?.name });
  }
  cancel() {
    this.cancelled += 1;
  }
}

class FakeUtterance {
  lang = '';
  voice: SpeechSynthesisVoice | null = null;
  onend: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(public text: string) {}
}

const voice = (lang: string, name = lang) => ({ lang, name }) as SpeechSynthesisVoice;
let speech: FakeSpeech;

function mountWith(component: Component, props: Record<string, unknown>, locale: 'nb' | 'nn' | 'en' = 'nb') {
  return mount(component, { props, global: { plugins: [createAppI18n(locale)] } }) as VueWrapper;
}

beforeEach(() => {
  speech = new FakeSpeech();
  vi.stubGlobal('speechSynthesis', speech);
  vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance);
});
afterEach(() => vi.unstubAllGlobals());

describe('the voice for a language', () => {
  it('is one tagged with the language, a Norwegian one for nynorsk where there is no nynorsk voice', () => {
    const voices = [voice('en-US'), voice('en-GB'), voice('nb-NO'), voice('de-DE')];
    expect(voiceFor(voices, 'en')!.lang).toBe('en-GB');
    expect(voiceFor(voices, 'nb')!.lang).toBe('nb-NO');
    expect(voiceFor(voices, 'nn')!.lang).toBe('nb-NO');
    expect(voiceFor([voice('nb-NO'), voice('nn_NO')], 'nn')!.lang).toBe('nn_NO');
    expect(voiceFor([voice('no')], 'nb')!.lang).toBe('no');
    expect(voiceFor([voice('en-US')], 'en')!.lang).toBe('en-US');
    expect(voiceFor([voice('de-DE'), voice('nl-NL')], 'nb')).toBeNull();
    // Not "n" followed by anything: Dutch is not Norwegian.
    expect(voiceFor([voice('nl-NL'), voice('nbx')], 'nn')).toBeNull();
  });
});

describe('the read-aloud button', () => {
  it('is hidden while the browser has no voice for the language, and comes when one arrives', async () => {
    speech.voices = [voice('de-DE')];
    const wrapper = mountWith(ReadAloudButton, { text: 'Hei', language: 'nn', what: 'question' }, 'nn');
    expect(wrapper.find('button').exists()).toBe(false);
    speech.voices = [voice('nn-NO', 'Nynorsk')];
    speech.dispatchEvent(new Event('voiceschanged'));
    await wrapper.vm.$nextTick();
    expect(wrapper.get('button').text()).toContain('Les opp spørsmålet');
  });

  it('reads the text in the language with its voice, nothing else, and stops on a second press', async () => {
    speech.voices = [voice('en-GB', 'English'), voice('nn-NO', 'Nynorsk')];
    let text = 'Korleis har du det?';
    const wrapper = mountWith(ReadAloudButton, { text: () => text, language: 'nn', what: 'question' }, 'nn');
    await wrapper.get('button').trigger('click');
    expect(speech.spoken).toEqual([{ text: 'Korleis har du det?', lang: 'nn-NO', voice: 'Nynorsk' }]);
    // The label says what pressing it does now (no aria-pressed beside a changing label, which would say both).
    expect(wrapper.get('button').attributes('aria-pressed')).toBeUndefined();
    expect(wrapper.get('button').text()).toContain('Stopp opplesinga');
    await wrapper.get('button').trigger('click');
    expect(speech.spoken).toHaveLength(1);
    expect(wrapper.get('button').text()).toContain('Les opp spørsmålet');
    // What is read is taken when pressed: the wording on the screen then.
    text = 'Korleis går det?';
    await wrapper.get('button').trigger('click');
    expect(speech.spoken.at(-1)!.text).toBe('Korleis går det?');
  });

  it('reads bokmål as nb-NO and English as en-GB', async () => {
    speech.voices = [voice('nb-NO'), voice('en-GB')];
    await mountWith(ReadAloudButton, { text: 'Hei', language: 'nb', what: 'information' })
      .get('button')
      .trigger('click');
    await mountWith(ReadAloudButton, { text: 'Hi', language: 'en', what: 'information' }, 'en')
      .get('button')
      .trigger('click');
    expect(speech.spoken.map((s) => s.lang)).toEqual(['nb-NO', 'en-GB']);
  });

  it('is not there at all in a browser without speech synthesis', () => {
    vi.stubGlobal('speechSynthesis', undefined);
    const wrapper = mountWith(ReadAloudButton, { text: 'Hei', language: 'nb', what: 'question' });
    expect(wrapper.find('button').exists()).toBe(false);
  });
});

describe('the easy-read switch', () => {
  it('is a labelled switch that turns easy-read on and off', async () => {
    const wrapper = mountWith(EasyReadSwitch, { modelValue: false }, 'nn');
    const control = wrapper.get('input[role="switch"]');
    expect(wrapper.get(`label[for="${control.attributes('id')}"]`).text()).toBe('Lettlest tekst');
    expect(control.attributes('aria-describedby')).toBeTruthy();
    await control.setValue(true);
    expect(wrapper.emitted('update:modelValue')).toEqual([[true]]);
  });
});

describe('the question about help', () => {
  const none: Assistance = { assisted: null, readAloud: false, wrote: false, explained: false };

  it('asks how only once someone helped, and forgets how when the answer becomes no', async () => {
    const wrapper = mountWith(AssistanceQuestion, { modelValue: none });
    expect(wrapper.findAll('input[type="checkbox"]')).toHaveLength(0);
    await wrapper.findAll('input[type="radio"]')[0]!.setValue(true);
    const yes = wrapper.emitted<[Assistance]>('update:modelValue')!.at(-1)![0];
    expect(yes.assisted).toBe(true);
    await wrapper.setProps({ modelValue: yes });
    const kinds = wrapper.findAll('input[type="checkbox"]');
    expect(kinds.map((k) => k.element.parentElement!.textContent!.trim())).toEqual([
      'Leste spørsmålene høyt',
      'Skrev svarene for meg',
      'Forklarte spørsmålene',
    ]);
    await kinds[1]!.setValue(true);
    const wrote = wrapper.emitted<[Assistance]>('update:modelValue')!.at(-1)![0];
    expect(wrote).toEqual({ assisted: true, readAloud: false, wrote: true, explained: false });
    await wrapper.setProps({ modelValue: wrote });
    await wrapper.findAll('input[type="radio"]')[1]!.setValue(true);
    expect(wrapper.emitted<[Assistance]>('update:modelValue')!.at(-1)![0]).toEqual({
      assisted: false,
      readAloud: false,
      wrote: false,
      explained: false,
    });
  });

  it('has every text in bokmål, nynorsk and English', () => {
    const keys = (value: object, prefix = ''): string[] =>
      Object.entries(value).flatMap(([key, entry]) =>
        typeof entry === 'object' ? keys(entry as object, `${prefix}${key}.`) : [`${prefix}${key}`],
      );
    expect(keys(nn)).toEqual(keys(nb));
    expect(keys(en)).toEqual(keys(nb));
    const legend = mountWith(AssistanceQuestion, { modelValue: none }, 'nn').get('legend').text();
    expect(legend).toBe('Fekk du hjelp til å svare? (valfritt)');
  });
});
