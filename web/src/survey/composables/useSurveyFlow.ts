import { useClientHandle } from '@urql/vue';
import { onScopeDispose } from 'vue';
import { useLocale } from '../../composables/useLocale';
import { createSurveyFlow, type SurveyFlowOptions } from './surveyFlow';

/** The survey flow for one link or code, in the page's language, stopped when the component goes. */
export function useSurveyFlow(
  token: string,
  options: Pick<SurveyFlowOptions, 'resumeToken' | 'debounceMs' | 'retryDelaysMs'> = {},
) {
  const { client } = useClientHandle();
  const { locale } = useLocale();
  const flow = createSurveyFlow({ client, token, language: () => locale.value, ...options });
  onScopeDispose(flow.dispose);
  void flow.load();
  return flow;
}
