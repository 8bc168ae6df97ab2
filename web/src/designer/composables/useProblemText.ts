import { useI18n } from 'vue-i18n';
import {
  problemMessage,
  problemPlace,
  problemText,
  type DefinitionProblem,
  type LocatedProblem,
  type Translator,
} from '../model/problems';

/** Definition problems in the user's language: alone, as one field's error line, or with where they are. */
export function useProblemText() {
  const { t, te } = useI18n();
  const translator: Translator = {
    t: (key, named) => t(key, named),
    te: (key) => te(key),
  };
  return {
    message: (problem: DefinitionProblem) => problemMessage(problem, translator),
    text: (located: readonly LocatedProblem[]) => problemText(located, translator),
    placed: (problem: DefinitionProblem) =>
      `${problemPlace(problem, translator)}: ${problemMessage(problem, translator)}`,
  };
}
