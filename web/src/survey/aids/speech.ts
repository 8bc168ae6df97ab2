import { onScopeDispose, ref, shallowRef } from 'vue';
import type { SurveyLanguage } from '../../survey-items/types';

/** The language tag each survey language is read in. */
export const SPEECH_LANGUAGE: Record<SurveyLanguage, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

/**
 * The voice tags that can read each language, best first. Norwegian voices are tagged nb, no or (rarely) nn; few
 * systems have a nynorsk voice, and a bokmål voice reads nynorsk understandably, so nynorsk falls back to it.
 */
const VOICE_TAGS: Record<SurveyLanguage, string[]> = {
  nb: ['nb', 'no'],
  nn: ['nn', 'nb', 'no'],
  en: ['en-gb', 'en'],
};

const tagOf = (voice: SpeechSynthesisVoice) => voice.lang.toLowerCase().replace('_', '-');

/** The best voice the browser has for a language, or none. */
export function voiceFor(
  voices: readonly SpeechSynthesisVoice[],
  language: SurveyLanguage,
): SpeechSynthesisVoice | null {
  for (const wanted of VOICE_TAGS[language]) {
    const voice = voices.find((v) => tagOf(v) === wanted || tagOf(v).startsWith(`${wanted}-`));
    if (voice) return voice;
  }
  return null;
}

function synthesis(): SpeechSynthesis | null {
  return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;
}

/**
 * The browser's own speech synthesis: nothing leaves the device. Voices arrive late in some browsers (Chrome lists
 * none until `voiceschanged`), so the list is read again when it changes.
 */
export function useSpeech() {
  const speech = synthesis();
  const voices = shallowRef<readonly SpeechSynthesisVoice[]>(speech?.getVoices() ?? []);
  const speaking = ref(false);
  const refresh = () => (voices.value = speech?.getVoices() ?? []);
  speech?.addEventListener?.('voiceschanged', refresh);
  onScopeDispose(() => {
    speech?.removeEventListener?.('voiceschanged', refresh);
    if (speaking.value) speech?.cancel();
  });

  function speak(text: string, language: SurveyLanguage): void {
    const voice = voiceFor(voices.value, language);
    if (!speech || !voice) return;
    // One reading at a time: another button stops the one before.
    speech.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = SPEECH_LANGUAGE[language];
    utterance.voice = voice;
    utterance.onend = utterance.onerror = () => (speaking.value = false);
    speaking.value = true;
    speech.speak(utterance);
  }

  function stop(): void {
    speech?.cancel();
    speaking.value = false;
  }

  return { voices, speaking, speak, stop };
}
