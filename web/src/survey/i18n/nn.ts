import { appNynorsk } from '../../i18n/app-nn';
import integrityNn from './integrity.nn.json';
import nn from './nn.json';

/** The survey's nynorsk texts with the app's own few, as one chunk loaded when nynorsk is chosen or the default. */
export const nynorsk = [nn, integrityNn, appNynorsk] as const;
