import type nbApp from './nb.json';
import nn from './nn.json';

/** The app's own few texts in nynorsk, loaded with the survey's or the staff frame's nynorsk texts. */
export const appNynorsk: typeof nbApp = nn;
